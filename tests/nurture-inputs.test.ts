/**
 * What `nurture` reads besides leads, read the way real exports are written, and refused loudly when they
 * cannot be used: the send log (a BOM, label headers, semicolons, local times), the breakers' signals, and
 * the command's exit codes and output safety.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readSendLog, readSignals, specOf, UsageError } from "../src/index.js";
import { runCli } from "./helpers/cli.js";
import { fullLeadsCsv } from "./helpers/full-leads.js";
import { validSet } from "./helpers/policies.js";
import { baseFixture, makeTempDir, repoRoot } from "./helpers/policy-fixtures.js";

const sends = path.join(repoRoot, "tests/fixtures/nurture/sends.csv");
const nurture = specOf(validSet(), "NurtureProgram")!;

function file(name: string, text: string): string {
  const f = path.join(makeTempDir(), name);
  writeFileSync(f, text);
  return f;
}

async function refusal(read: () => Promise<unknown> | unknown): Promise<UsageError> {
  try {
    await read();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error("expected a UsageError");
}

describe("the send log", () => {
  it("reads a marketing automation export: BOM, label headers, semicolons, title-case channels, New York times", async () => {
    const log = await readSendLog(sends, { timeZone: "America/New_York" });
    expect(log.touches).toHaveLength(7);
    const n04 = log.byLead.get("N04")!;
    expect(n04.map((t) => [t.step, t.channel, new Date(t.sentAtMs).toISOString()])).toEqual([
      ["webinar", "email", "2026-06-01T14:00:00.000Z"],
      ["whitepaper", "email", "2026-06-08T14:00:00.000Z"],
    ]);
    expect(log.byLead.get("N15")!.at(-1)).toMatchObject({ channel: "call-task", asset: null, assetVersion: null });
  });

  it("refuses times without a zone unless one is given, naming every row", async () => {
    const error = await refusal(() => readSendLog(sends));
    expect(error.message).toMatch(/7 send log rows cannot be read/);
    expect(error.diagnostics.map((d) => [d.code, d.location?.line])).toEqual([2, 3, 4, 5, 6, 7, 8].map((line) => ["input/send-log", line]));
    expect(error.hint).toMatch(/never decides on part of a send log/);
  });

  it("reads a repeated row once, and says so", async () => {
    const row = "L1,welcome,welcome-email,email,2026-06-01T09:00:00Z\n";
    const log = await readSendLog(file("sends.csv", `lead,program,step,channel,sent_at\n${row}${row}`));
    expect(log.touches).toHaveLength(1);
    expect(log.repeated).toBe(1);
  });

  it("reads NDJSON with RFC 3339 times", async () => {
    const log = await readSendLog(
      file(
        "sends.ndjson",
        '{"lead":"L1","program":"welcome","step":"welcome-email","channel":"email","sentAt":"2026-06-01T09:00:00+02:00"}\n',
      ),
    );
    expect(log.touches.map((t) => new Date(t.sentAtMs).toISOString())).toEqual(["2026-06-01T07:00:00.000Z"]);
  });

  it.each([
    ["a missing column", "lead,program,channel,sent_at\nL1,welcome,email,2026-06-01T09:00:00Z\n", /no `step` column/],
    ["an unknown channel", "lead,program,step,channel,sent_at\nL1,welcome,w,sms,2026-06-01T09:00:00Z\n", /row 2: unknown channel `sms`/],
    [
      "a US date",
      "lead,program,step,channel,sent_at\nL1,welcome,w,email,6/1/2026 9:00 AM\n",
      /row 2: sent_at `6\/1\/2026 9:00 AM` is not a date-time/,
    ],
    ["a day without a time", "lead,program,step,channel,sent_at\nL1,welcome,w,email,2026-06-01\n", /row 2: sent_at `2026-06-01`/],
    ["an empty cell", "lead,program,step,channel,sent_at\nL1,,w,email,2026-06-01T09:00:00Z\n", /row 2: program empty/],
    ["no rows", "lead,program,step,channel,sent_at\n", /no touches in .*sends\.csv/],
  ])("refuses %s", async (_what, text, message) => {
    const error = await refusal(() => readSendLog(file("sends.csv", text)));
    expect(error.message + error.diagnostics.map((d) => d.message).join("\n")).toMatch(message);
    expect(error.diagnostics.every((d) => d.code === "input/send-log")).toBe(true);
    expect(error.hint).not.toBe("");
  });
});

describe("the signals", () => {
  it("reads YAML", () => {
    expect(readSignals(path.join(repoRoot, "tests/fixtures/nurture/signals.yaml"), nurture)).toEqual({
      syncLagMinutes: 12,
      programs: { "recycled-reengagement": { bounceRate: 0.2, unsubscribeRate: 0.001 }, welcome: { bounceRate: 0.01 } },
    });
  });

  it.each([
    ["an unknown key", "syncLag: 5\n", /unknown key `syncLag`/],
    ["an unknown program", "programs: { welcom: { bounceRate: 0.1 } }\n", /no program `welcom`/],
    ["a rate in percent", "programs: { welcome: { bounceRate: 5 } }\n", /bounceRate must be a share from 0 to 1/],
    ["a negative lag", "syncLagMinutes: -3\n", /syncLagMinutes must be a number/],
  ])("refuses %s, with its line", async (_what, text, message) => {
    const error = await refusal(() => readSignals(file("signals.yaml", text), nurture));
    expect(error.diagnostics[0]!.message).toMatch(message);
    expect(error.diagnostics[0]!.location?.line).toBe(1);
  });
});

describe("leadrules nurture", () => {
  const leads = file("leads.csv", fullLeadsCsv([{}, {}]));
  const run = (...args: string[]) => runCli(["nurture", "--leads", leads, "--as-of", "2026-06-15T12:00:00Z", ...args]);

  it("exits 2 on policies without nurture programs, with a hint", async () => {
    const r = await run("--policies", baseFixture);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the policies define no nurture programs/);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it("exits 2 on a send log it cannot read, deciding nothing", async () => {
    const r = await run("--sends", sends, "--format", "ndjson");
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/sends\.csv:2/);
  });

  it("never writes its output over an input", async () => {
    const copy = file("sends.csv", "lead,program,step,channel,sent_at\nL1,welcome,welcome-email,email,2026-06-01T09:00:00Z\n");
    for (const target of [copy, leads]) {
      const r = await run("--sends", copy, "--out", target);
      expect(r.code).toBe(2);
    }
  });

  it("refuses a touch of a step its program does not have (a typo would send the step again)", async () => {
    const typo = file("sends.csv", "lead,program,step,channel,sent_at\nL1,welcome,welcome-emial,email,2026-06-01T09:00:00Z\n");
    const r = await run("--sends", typo);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/program `welcome` has no step `welcome-emial`/);
    // A program the policy does not define is a one-off send: kept, it counts toward the cap.
    const newsletter = file("sends.csv", "lead,program,step,channel,sent_at\nL1,newsletter,june,email,2026-06-01T09:00:00Z\n");
    expect((await run("--sends", newsletter)).code).toBe(0);
  });

  it("audit: --rejects may not replace the send log", async () => {
    const log = file("sends.csv", "lead,program,step,channel,sent_at\nL1,welcome,welcome-email,email,2026-06-01T09:00:00Z\n");
    const r = await runCli(["audit", "--leads", leads, "--sends", log, "--rejects", log, "--as-of", "2026-06-15T12:00:00Z"]);
    expect(r.code).toBe(2);
  });

  it("writes one row per lead in CSV, formulas neutralised", async () => {
    const hostile = file("leads.csv", fullLeadsCsv([{ leadId: "=HYPERLINK(1)" }]));
    const r = await runCli(["nurture", "--leads", hostile, "--as-of", "2026-06-15T12:00:00Z", "--format", "csv"]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[1]).toMatch(/^'=HYPERLINK\(1\),/);
  });
});
