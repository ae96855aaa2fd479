/**
 * Issue #13: the Data Definitions show each source system's import profile
 * (in words, with where each setting comes from) and its column-to-field
 * mapping, on a "Source systems" page linked from the navigation and the index,
 * in the Markdown and the site alike; hostile profile values show as text.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderDocs } from "../src/render/render-docs.js";
import { runCli } from "./helpers/cli.js";
import { validSet } from "./helpers/policies.js";
import { bundledPolicies, makeTempDir, policyFolder, repoRoot, type Edit } from "./helpers/policy-fixtures.js";

/** The part of a page about one system: from its heading to the next system's. */
function section(page: string, system: string): string {
  const start = page.indexOf(`id="system-${system}"`);
  expect(start, `no section for ${system}`).toBeGreaterThan(-1);
  const next = page.slice(start + 1).search(/<h2>|\n## /);
  return next === -1 ? page.slice(start) : page.slice(start, start + 1 + next);
}

/** The text of the table row (HTML) or line (Markdown) whose cell starts with `cell`, tags removed and entities decoded. */
function row(text: string, cell: string | RegExp): string {
  const rows = text.includes("<tr>") ? text.split("<tr>").map((r) => r.split("</tr>")[0]!) : text.split("\n");
  const found = rows.find((r) => (typeof cell === "string" ? r.includes(cell) : cell.test(r)));
  expect(found, `no row with ${cell}`).toBeDefined();
  return found!
    .replace(/<[^>]*>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

const fieldRow = (text: string, field: string) =>
  row(
    text,
    text.includes("<tr>")
      ? `href="data-dictionary.html#field-${field.toLowerCase()}"`
      : `(data-dictionary.md#field-${field.toLowerCase()})`,
  );

async function writeDocs(edits: Edit[]): Promise<string> {
  const out = makeTempDir();
  const run = await runCli(["docs", "--policies", policyFolder(edits, bundledPolicies), "--out", out]);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return out;
}

const htmlValidate = (files: string[]) =>
  spawnSync("npx", ["--no-install", "html-validate", ...files], { cwd: repoRoot, encoding: "utf8" });

describe("source systems in the Data Definitions (bundled policies)", () => {
  const files = renderDocs(validSet());
  const site = files.get("site/systems.html")!;
  const markdown = files.get("docs/systems.md")!;

  it("is a page of the site and the Markdown, linked from the navigation, the index and the data dictionary", () => {
    expect(site).toBeDefined();
    expect(markdown).toBeDefined();
    for (const [file, page] of files)
      if (file.endsWith(".html"))
        expect(page, file).toMatch(/<a href="data-dictionary\.html"[^>]*>Data dictionary<\/a>\n {4}<a href="systems\.html"/);
    expect(site).toContain('<a href="systems.html" aria-current="page">Source systems</a>');
    expect(files.get("docs/index.md")).toContain("[Source systems](systems.md)");
    expect(files.get("site/index.html")).toContain('<a href="systems.html">Source systems</a>');
    expect(files.get("docs/data-dictionary.md")).toContain(
      "| [sfdc-report](systems.md#system-sfdc-report) | Salesforce weekly lead report (CSV) | file | 12/31/9999, 1/1/1900 |",
    );
    expect(files.get("site/assets/search-index.js")).toContain('"href": "systems.html#system-sfdc-report"');
  });

  it("shows sfdc-report's time zone, date-time formats with an example, currency and where each comes from", () => {
    const sfdc = section(site, "sfdc-report");
    expect(row(sfdc, "Time zone")).toBe(
      "Time zone of times without an offset America/New_York (UTC-04:00 on 2026-06-01; the example instant is 09:05 there) system profile",
    );
    expect(row(sfdc, "Date-time formats")).toBe(
      "Date-time formats M/d/yyyy h:mm a → 6/1/2026 9:05 AM ; MM/dd/yyyy HH:mm → 06/01/2026 09:05 system profile",
    );
    expect(row(sfdc, "Date formats")).toBe("Date formats M/d/yyyy → 6/1/2026 system profile");
    expect(row(sfdc, "Currency")).toBe("Currency $ , USD , before or after an amount, e.g. $1,234,567.89 system profile");
    // Not in the profile: the dictionary's conversions, then the built-in defaults.
    expect(row(sfdc, "Empty markers")).toBe("Empty markers (empty), Select , --None-- , N/A , n/a , - , null dictionary conversions");
    expect(row(sfdc, "Encoding")).toBe("Encoding utf-8 built-in default");
    expect(row(sfdc, "No date")).toBe('"No date" values (read as empty) 12/31/9999 , 1/1/1900 system profile');
    const sfdcMarkdown = section(markdown, "sfdc-report");
    expect(sfdcMarkdown).toContain(
      "| Date-time formats | `M/d/yyyy h:mm a` → `6/1/2026 9:05 AM`; `MM/dd/yyyy HH:mm` → `06/01/2026 09:05` | system profile |",
    );
    expect(sfdcMarkdown).toContain(
      "| Time zone of times without an offset | `America/New_York` (UTC-04:00 on 2026-06-01; the example instant is 09:05 there) | system profile |",
    );
    expect(sfdcMarkdown).toContain("| Currency | `$`, `USD`, before or after an amount, e.g. `$1,234,567.89` | system profile |");
    // The other systems: HubSpot's own zone and numbers; Salesforce's "no date" values from the system itself.
    expect(row(section(site, "hubspot"), "Date-time formats")).toBe("Date-time formats yyyy-MM-dd HH:mm → 2026-06-01 18:35 system profile");
    expect(row(section(site, "hubspot"), "Thousands separator")).toBe("Thousands separator none system profile");
    expect(row(section(site, "hubspot"), "Decimal mark")).toBe("Decimal mark period . , e.g. 1234567.89 built-in default");
    expect(row(section(site, "salesforce"), "Time zone")).toBe(
      "Time zone of times without an offset UTC (UTC+00:00 on 2026-06-01; the example instant is 13:05 there) built-in default",
    );
    expect(row(section(site, "salesforce"), "No date")).toBe('"No date" values (read as empty) 12/31/9999 , 1/1/1900 system emptyDates');
  });

  it("maps columns to fields in reading order, with labels, directions, winners and value maps", () => {
    const sfdc = section(site, "sfdc-report");
    expect(fieldRow(sfdc, "company")).toBe("company Company Company / Account , then Company read-only - -");
    expect(site).toContain("<td><code>Company / Account</code>, then <code>Company</code></td>");
    expect(fieldRow(sfdc, "lifecycleStage")).toBe(
      "lifecycleStage Lifecycle stage Lifecycle Stage read-only - MQL → mql , SAL → sal , SQL → sql",
    );
    const hubspot = section(site, "hubspot");
    expect(fieldRow(hubspot, "lifecycleStage")).toBe(
      "lifecycleStage Lifecycle stage lifecyclestage , then Lifecycle Stage bidirectional salesforce marketingqualifiedlead → mql , salesqualifiedlead → sql",
    );
    expect(fieldRow(section(site, "salesforce"), "email")).toBe("email Email Lead.Email , then Email bidirectional hubspot -");
    expect(fieldRow(section(markdown, "sfdc-report"), "company")).toBe(
      "| [`company`](data-dictionary.md#field-company) | Company | `Company / Account`, then `Company` | read-only | - | - |",
    );
    expect(fieldRow(section(markdown, "hubspot"), "lifecycleStage")).toContain(
      "| `lifecyclestage`, then `Lifecycle Stage` | bidirectional | salesforce |",
    );
    // Every table has header cells and a caption.
    expect(site.match(/<table>\n<caption>/g)?.length).toBe(site.match(/<table>/g)?.length);
    expect(site).toContain("<caption>Import profile of Salesforce weekly lead report (CSV)</caption>");
    expect(site).toContain("<caption>Account fields in exports of Salesforce weekly lead report (CSV)</caption>");
  });

  it("passes html-validate", () => {
    const result = htmlValidate(["generated/site/systems.html"]);
    expect(result.stdout).toBe("");
    expect(result.status).toBe(0);
  });
});

describe("source systems: a field a system does not export, hostile profile values", () => {
  it("lists a field with no mapping for a system as not exported by it", async () => {
    const out = await writeDocs([
      { file: "data-dictionary.yaml", replace: "            sfdc-report: { field: Website, direction: read-only }\n", with: "" },
    ]);
    for (const page of ["site/systems.html", "docs/systems.md"]) {
      const text = readFileSync(path.join(out, page), "utf8");
      expect(fieldRow(section(text, "hubspot"), "companyDomain"), page).toContain("Company Domain Name");
    }
    const site = readFileSync(path.join(out, "site/systems.html"), "utf8");
    expect(fieldRow(section(site, "sfdc-report"), "companyDomain")).toBe("companyDomain Company domain not exported by this system - - -");
    const markdown = readFileSync(path.join(out, "docs/systems.md"), "utf8");
    expect(fieldRow(section(markdown, "sfdc-report"), "companyDomain")).toBe(
      "| [`companyDomain`](data-dictionary.md#field-companydomain) | Company domain | not exported by this system | - | - | - |",
    );
  });

  it("shows a hostile null marker and column name as text, in valid HTML and escaped Markdown", async () => {
    const out = await writeDocs([
      {
        file: "data-dictionary.yaml",
        replace: "        footer: auto\n",
        with: '        footer: auto\n        nullMarkers: ["", "<img src=x onerror=alert(1)>"]\n',
      },
      { file: "data-dictionary.yaml", replace: 'field: "Company / Account"', with: 'field: "</td><script>alert(2)</script>"' },
    ]);
    const site = readFileSync(path.join(out, "site/systems.html"), "utf8");
    expect(site).toContain("<code>&lt;img src=x onerror=alert(1)&gt;</code>");
    expect(site).toContain("<td><code>&lt;/td&gt;&lt;script&gt;alert(2)&lt;/script&gt;</code>, then <code>Company</code></td>");
    expect(site).not.toMatch(/<img|onerror=alert\(1\)>|<script>alert|<\/td><script/);
    expect(row(section(site, "sfdc-report"), "Empty markers")).toBe("Empty markers (empty), <img src=x onerror=alert(1)> system profile");
    expect(fieldRow(section(site, "sfdc-report"), "company")).toBe(
      "company Company </td><script>alert(2)</script> , then Company read-only - -",
    );
    const markdown = readFileSync(path.join(out, "docs/systems.md"), "utf8");
    expect(markdown).toContain("| Empty markers | (empty), `<img src=x onerror=alert(1)>` | system profile |");
    expect(markdown).toContain("| `</td><script>alert(2)</script>`, then `Company` |");
    const result = htmlValidate([path.join(out, "site/systems.html"), path.join(out, "site/data-dictionary.html")]);
    expect(result.stdout).toBe("");
    expect(result.status).toBe(0);
  });
});
