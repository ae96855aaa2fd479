/**
 * Issue 15 part 4: `audit --sends` checks a production nurture send log (and membership file) against the
 * NurtureProgram policy, area `nurture`. The fixture (tests/fixtures/nurture-audit/, its README lists each
 * seeded deviation) was written by hand the way a marketing automation export looks: a BOM, `;`, labels,
 * times without an offset in New York time. The expected findings below were worked out by hand from the
 * README and the bundled policies, never taken from the audit.
 */
import { parse as parseCsv } from "csv-parse/sync";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { AuditReport } from "../src/audit/audit-leads.js";
import { runCli } from "./helpers/cli.js";
import { makeTempDir, repoRoot } from "./helpers/policy-fixtures.js";

const fixtures = path.join(repoRoot, "tests/fixtures/nurture-audit");
const leads = path.join(fixtures, "leads.csv");
const sends = path.join(fixtures, "sends.csv");
const members = path.join(fixtures, "members.csv");
const asOf = "2027-01-15T17:00:00Z";
const audit = (...more: string[]) => runCli(["audit", "--leads", leads, "--as-of", asOf, "--allow-unchecked", "sla", ...more]);
const withLog = (...more: string[]) => audit("--sends", sends, "--sends-time-zone", "America/New_York", ...more);

/** `check lead program/step sent-at`, as the README lists them (UTC). */
const expected = [
  "unknown-program N13 spring-promo/promo-1 2026-10-07T13:00:00.000Z",
  "unknown-step N13 early-education/webinar-2 2026-10-08T13:00:00.000Z",
  "after-exit N03 customer-renewal/renewal-call 2026-08-25T14:00:00.000Z",
  "contact-cap N02 welcome/welcome-email 2026-11-19T14:00:00.000Z",
  "quiet-period N14 early-education/ebook 2026-12-28T15:00:00.000Z",
  "sales-hold N11 open-opportunity/implementation 2026-06-11T14:00:00.000Z",
  "sales-hold N04 early-education/ebook 2026-12-02T14:00:00.000Z",
  "open-opportunity N12 early-education/ebook 2026-10-05T13:00:00.000Z",
  "consent N05 early-education/ebook 2026-10-06T13:00:00.000Z",
  "consent N06 welcome/welcome-email 2026-09-14T13:00:00.000Z",
  "asset N15 early-education/whitepaper 2026-05-11T14:00:00.000Z",
  "asset N07 early-education/analyst 2026-11-02T14:00:00.000Z",
  "asset N08 early-education/ebook 2026-10-20T13:00:00.000Z",
  "asset N09 welcome/welcome-email 2026-12-01T14:00:00.000Z",
  "asset N10 early-education/ebook 2026-10-21T13:00:00.000Z",
  "no-entrants - recycled-reengagement/- -",
];

const nurtureFindings = (r: AuditReport) =>
  r.findings
    .filter((f) => f.category === "nurture")
    .flatMap((f) => f.sends!.map((s) => `${s.check} ${s.lead ?? "-"} ${s.program}/${s.step ?? "-"} ${s.sentAt ?? "-"}`));

async function jsonReport(...more: string[]) {
  const run = await withLog("--members", members, "--format", "json", ...more);
  return { run, report: JSON.parse(run.stdout) as AuditReport };
}

describe("audit --sends: a production send log against the nurture programs", () => {
  it("finds exactly the seeded deviations, no more, no less", async () => {
    const { run, report } = await jsonReport();
    expect(run.code).toBe(0);
    expect(nurtureFindings(report).sort()).toEqual([...expected].sort());
    const area = report.summary.areas.find((a) => a.area === "nurture");
    expect(area).toEqual({ area: "nurture", status: "checked", findings: 16, ran: 10, skipped: 0 });
  });

  it("the README lists the same deviations (lead and rule)", async () => {
    const readme = readFileSync(path.join(fixtures, "README.md"), "utf8");
    const table = readme.slice(readme.indexOf("## Seeded deviations"), readme.indexOf("## Compliant on purpose"));
    const listed = table
      .split("\n")
      .filter((l) => /^\| \d+ \|/.test(l))
      .map((l) => {
        const cells = l.split("|").map((c) => c.trim());
        return `${cells[4]!.split(" ")[0]} ${cells[2]!.replace(/^program /, "")}`;
      });
    expect(listed).toHaveLength(16);
    const found = nurtureFindings((await jsonReport()).report).map((f) => {
      const [check, lead, where] = f.split(" ");
      return `${check} ${lead === "-" ? where!.split("/")[0] : lead}`;
    });
    expect(found.sort()).toEqual(listed.sort());
  });

  it("every format gives each finding its lead, program, step, send time and reason", async () => {
    const text = await withLog("--members", members);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^audit as of 2027-01-15T17:00:00\.000Z: 16 records; .*, nurture 16$/m);
    expect(text.stdout).toContain(
      "    N02 welcome/welcome-email at 2026-11-19T14:00:00.000Z: marketing send 4 in 7 days, over the cap of 3\n",
    );
    expect(text.stdout).toContain(
      "    N15 early-education/whitepaper at 2026-05-11T14:00:00.000Z: pipelines-whitepaper 1.4 not approved when sent (legal: not-yet)\n",
    );
    const markdown = await withLog("--members", members, "--format", "markdown");
    expect(markdown.stdout).toContain("| nurture | 16 | 100% |");
    expect(markdown.stdout).toContain(
      "| N04 | early-education | ebook | 2026-12-02T14:00:00.000Z | sent within 3 days of the sales touch at 2026-12-01T15:00:00.000Z |",
    );
    const csv = parseCsv((await withLog("--members", members, "--format", "csv")).stdout, { columns: true }) as Record<string, string>[];
    const nurture = csv.filter((r) => r.category === "nurture");
    expect(nurture).toHaveLength(16);
    expect(nurture.find((r) => r.check === "consent" && r.lead === "N05")).toEqual({
      category: "nurture",
      check: "consent",
      subject: "consent.eu-email",
      lead: "N05",
      description: "email without the consent consent.eu-email needs (the lead's consent now)",
      program: "early-education",
      step: "ebook",
      sent_at: "2026-10-06T13:00:00.000Z",
    });
  });

  it("values from the log are escaped in csv, markdown and text", async () => {
    const dir = makeTempDir();
    const log = path.join(dir, "sends.csv");
    writeFileSync(
      log,
      'lead,program,step,channel,sent_at,asset,asset_version\nN01,"=HYPERLINK(""http://x"")",a|b,email,2026-10-05T13:00:00Z,data-stack-ebook,2.0\n',
    );
    const run = (format: string) => audit("--sends", log, "--format", format);
    const csv = (await run("csv")).stdout;
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect((await run("markdown")).stdout).toContain("a\\|b");
    expect((await run("text")).stdout).toContain('N01 =HYPERLINK("http://x")/a|b at 2026-10-05T13:00:00.000Z');
  });

  it("without --sends the area is NOT CHECKED, never 0; with --fail-on nurture it fails", async () => {
    const run = await audit("--format", "json");
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("note: audit area nurture not checked: no send log given (--sends)\n");
    const report = JSON.parse(run.stdout) as AuditReport;
    expect(report.summary.areas.find((a) => a.area === "nurture")).toEqual({
      area: "nurture",
      status: "not-checked",
      findings: null,
      ran: 0,
      skipped: 10,
    });
    const text = await audit();
    expect(text.stdout).toMatch(/, nurture NOT CHECKED$/m);
    expect(text.stdout).not.toMatch(/nurture 0\b/);
    const failOn = await audit("--fail-on", "nurture=0");
    expect(failOn.code).toBe(1);
    expect(failOn.stderr).toContain("error: audit check not run: nurture/contact-cap: no send log given (--sends)");
  });

  it("--fail-on nurture=N exits 1 above N findings", async () => {
    expect((await withLog("--members", members, "--fail-on", "nurture=0")).code).toBe(1);
    const over = await withLog("--members", members, "--fail-on", "nurture=15");
    expect(over.code).toBe(1);
    expect(over.stderr).toContain("audit limit exceeded: nurture: 16 findings, limit 15");
    expect((await withLog("--members", members, "--fail-on", "nurture=16")).code).toBe(0);
  });

  it("without --members, after-exit is not checked and entrants are first sends", async () => {
    const run = await withLog("--format", "json");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("error: audit check not run: nurture/after-exit: no membership file given (--members)");
    const report = JSON.parse(run.stdout) as AuditReport;
    expect(report.summary.areas.find((a) => a.area === "nurture")?.status).toBe("incomplete");
    // First sends after 2026-07-19T17:00Z: all programs but open-opportunity (N11, 2026-06-10) and sales-accepted (none).
    expect(nurtureFindings(report).filter((f) => f.startsWith("no-entrants"))).toEqual([
      "no-entrants - open-opportunity/- -",
      "no-entrants - sales-accepted/- -",
    ]);
    expect((await withLog("--allow-unchecked", "nurture")).code).toBe(0);
  });

  it("a send log or membership file with a bad row stops the audit (exit 2)", async () => {
    const dir = makeTempDir();
    const badSends = path.join(dir, "sends.csv");
    writeFileSync(badSends, readFileSync(sends, "utf8").replace("N07;early-education;analyst;Email;", "N07;early-education;analyst;Fax;"));
    const run = await audit("--sends", badSends, "--sends-time-zone", "America/New_York");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("row 17: unknown channel `fax`");
    expect(run.stdout).toBe("");
    const badMembers = path.join(dir, "members.csv");
    writeFileSync(badMembers, readFileSync(members, "utf8").replace("N03;customer-renewal;Active;", "N03;customer-renewal;Paused;"));
    const members2 = await withLog("--members", badMembers);
    expect(members2.code).toBe(2);
    expect(members2.stderr).toContain("row 4: unknown status `Paused`");
    // Times without an offset need the zone.
    expect((await audit("--sends", sends)).code).toBe(2);
    expect((await audit("--members", members)).code).toBe(2);
  });
});
