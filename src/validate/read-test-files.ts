/**
 * Reads policy test suites: the YAML files in <policies>/tests/. Parsed and
 * schema-checked here, so a broken test file is reported like a broken policy.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import type { Diagnostic } from "../diagnostics/index.js";
import { describeDateProblem, readDate } from "../model/dates.js";
import { schemaValidator } from "./schemas.js";
import { convertSchemaErrors } from "./schema-errors.js";
import { parseYaml } from "../load/parse-yaml.js";
import { displayPath, isPolicyFileName } from "../load/read-policy-files.js";
import { maxPolicyFileBytes, readInputFile } from "../load/input-file.js";
import type { NurtureChannel } from "../model/policy.js";
import type { NurtureSignals } from "../model/nurture-inputs.js";

/** A touch the case's lead already got, as a send log records it (schemas/policy-test.schema.json). */
export interface TestSend {
  program: string;
  step: string;
  channel: NurtureChannel;
  sentAt: string;
  asset?: string | null;
  assetVersion?: string | null;
}

export interface TestCase {
  name: string;
  asOf?: string;
  lead: Record<string, unknown>;
  /** The nurture send log of the lead (the nurture decision reads it). */
  sends?: TestSend[];
  /** What the nurture breakers watch for this case. */
  signals?: NurtureSignals;
  expect: Record<string, unknown>;
}

export interface TestSuite {
  file: string;
  name: string;
  asOf: string;
  defaults: Record<string, unknown>;
  cases: TestCase[];
  /** 1-based line of each case, for failure messages. */
  lines: number[];
}

export function testDirectory(policies: string): string {
  return path.join(policies, "tests");
}

export function readTestSuites(directory: string): { suites: TestSuite[]; diagnostics: Diagnostic[] } {
  const suites: TestSuite[] = [];
  const diagnostics: Diagnostic[] = [];
  if (!existsSync(directory)) return { suites, diagnostics };
  for (const name of readdirSync(directory).filter(isPolicyFileName).sort()) {
    const file = displayPath(path.join(directory, name));
    // Test files are policy files too: plain files inside the policies folder (the tests folder's parent).
    const text = readInputFile(path.join(directory, name), {
      what: "policy test file",
      insideFolder: path.dirname(directory),
      limit: maxPolicyFileBytes,
    });
    const parsed = parseYaml(file, text);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.diagnostics.length > 0) continue;
    const validate = schemaValidator("PolicyTest");
    if (!validate(parsed.value)) {
      diagnostics.push(...convertSchemaErrors(validate.errors ?? [], parsed.value, parsed.sourceMap));
      continue;
    }
    const value = parsed.value as { metadata: { name: string }; asOf: string; defaults?: Record<string, unknown>; cases: TestCase[] };
    // The schema's date-time format takes year 0000 and 9999; evaluation times are read as every date is.
    const times: (readonly [string, string | undefined, string])[] = [
      ["/asOf", value.asOf, "asOf"],
      ...value.cases.map((c, i) => [`/cases/${i}/asOf`, c.asOf, "asOf"] as const),
      ...value.cases.flatMap((c, i) => (c.sends ?? []).map((send, j) => [`/cases/${i}/sends/${j}/sentAt`, send.sentAt, "sentAt"] as const)),
    ];
    const badTimes = times.flatMap(([pointer, asOf, key]) => {
      const reading = asOf === undefined ? undefined : readDate(asOf);
      if (!reading || !("problem" in reading)) return [];
      return [
        {
          code: "schema/format",
          severity: "error",
          message: `${key} ${JSON.stringify(asOf)} ${describeDateProblem(reading.problem, true)}`,
          location: parsed.sourceMap.locate(pointer!),
          hint: "Give an RFC 3339 time such as 2026-06-01T12:00:00Z.",
        } satisfies Diagnostic,
      ];
    });
    if (badTimes.length > 0) {
      diagnostics.push(...badTimes);
      continue;
    }
    suites.push({
      file,
      name: value.metadata.name,
      asOf: value.asOf,
      defaults: value.defaults ?? {},
      cases: value.cases,
      lines: value.cases.map((_, i) => parsed.sourceMap.locate(`/cases/${i}`).line ?? 0),
    });
  }
  return { suites, diagnostics };
}
