/**
 * The schemas' `format: date-time` (validate/schema-formats.ts over model/dates.ts): strict RFC 3339 with an
 * offset, the same rule at run time and in the build's precompiled validators, each refusal in words.
 */
import { describe, expect, it } from "vitest";
import { dateTimeProblem, readDate } from "../src/model/dates.js";
import { schemaValidator } from "../src/validate/schemas.js";

const suite = (asOf: string) => ({
  apiVersion: "leadrules/v1",
  kind: "PolicyTest",
  metadata: { name: "times", description: "Times." },
  asOf,
  cases: [{ name: "a case", lead: {}, expect: {} }],
});

const accepted = ["2026-06-01T12:00:00Z", "2026-06-01T14:00:00.5+02:00", "2026-06-01t12:00:00z", "2026-12-31T23:59:59.123456789-05:30"];
const refused: [string, RegExp][] = [
  ["2026-06-30T23:59:60Z", /leap second/],
  ["2026-06-01 12:00:00Z", /space/],
  ["2026-06-01T12:00:00", /no offset/],
  ["2026-06-01", /without a time/],
  ["2026-06-01T12:00Z", /no seconds/],
  ["2026-06-01T12:00:00+0200", /colon/],
  ["2026-06-01T12:00:00+02", /colon/],
  ["2026-06-01T24:00:00Z", /hour 24/],
  ["2026-02-30T12:00:00Z", /real calendar day/],
  ["2026-06-01T12:60:00Z", /real time of day/],
  ["2026-06-01T12:00:00+24:00", /offset/],
  ["1899-12-31T23:59:59Z", /plausible dates/],
  ["2026-06-01T12:00:00.1234567890Z", /9 digits/],
  ["tomorrow", /not an RFC 3339 date-time/],
];

describe("format: date-time", () => {
  it.each(accepted)("accepts %s, which every later step reads", (text) => {
    expect(dateTimeProblem(text)).toBeUndefined();
    expect(readDate(text)).not.toHaveProperty("problem");
    expect(schemaValidator("PolicyTest")(suite(text))).toBe(true);
  });

  it.each(refused)("refuses %s and says why", (text, why) => {
    expect(dateTimeProblem(text)).toMatch(why);
    const validate = schemaValidator("PolicyTest");
    expect(validate(suite(text))).toBe(false);
    expect(validate.errors?.map((e) => [e.instancePath, e.keyword])).toEqual([["/asOf", "format"]]);
  });
});
