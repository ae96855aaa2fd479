/**
 * The Data Definitions documents: golden Markdown (the committed generated/
 * folder), determinism, drift checks, escaping, markdownlint, html-validate,
 * and a real browser (Debian's Chromium driven by playwright-core).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderDocs } from "../src/render/render-docs.js";
import { runCli } from "./helpers/cli.js";
import { validSet } from "./helpers/policies.js";
import { bundledPolicies, makeTempDir, policyFolder, repoRoot, updateGolden } from "./helpers/policy-fixtures.js";

const npxBin = (name: string, args: string[], cwd = repoRoot) =>
  spawnSync("npx", ["--no-install", name, ...args], { cwd, encoding: "utf8" });

describe("docs (golden)", () => {
  it("the committed generated/docs and generated/site match the bundled policies", () => {
    for (const [file, content] of renderDocs(validSet())) {
      const committed = path.join(repoRoot, "generated", file);
      if (updateGolden) writeFileSync(committed, content);
      // Golden files never write themselves: a missing one fails until it is written on purpose and reviewed.
      expect(existsSync(committed), `${committed} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
      expect(readFileSync(committed, "utf8"), `${file} is stale: run npx leadrules docs`).toBe(content);
    }
  });

  it("two runs give byte-identical files", () => {
    const first = renderDocs(validSet());
    const second = renderDocs(validSet());
    expect([...second]).toEqual([...first]);
  });

  it("renders conditions as sentences, a Mermaid lifecycle diagram and the rules that read each field", () => {
    const files = renderDocs(validSet());
    const scoring = files.get("docs/scoring.md")!;
    expect(scoring).toContain(
      '| <a id="rule-fit-employees-mid-market"></a>`fit.employees.mid-market` | +10 | Employees is at least 200 and Employees is less than 1000 |',
    );
    const lifecycle = files.get("docs/lifecycle.md")!;
    expect(lifecycle).toContain("```mermaid\nstateDiagram-v2\n    [*] --> subscriber\n");
    expect(lifecycle).toContain("    lead --> mql : lead-to-mql\n");
    const dictionary = files.get("docs/data-dictionary.md")!;
    expect(dictionary).toMatch(
      /\| <a id="field-email"><\/a>`email` \| Email \| email \| personal \|[^\n]*\[fit\.email\.personal\]\(scoring\.md#rule-fit-email-personal\)/,
    );
    expect(files.get("docs/content.md")).toContain("| `pricing-sheet-2026` | finance | Marcus Lee | 2026.1 | 2026-04-02 | 2026-07-01 |");
    for (const file of files.keys())
      expect(files.get(file)!.split("\n").slice(0, 2).join("\n")).toMatch(/generated from policies\/.*; do not edit/);
  });

  it("passes markdownlint", () => {
    const result = npxBin("markdownlint-cli2", ["generated/docs/*.md"]);
    expect(result.stdout + result.stderr).toContain("Summary: 0 error(s)");
    expect(result.status).toBe(0);
  });

  it("passes html-validate", () => {
    const result = npxBin("html-validate", [
      "generated/site/index.html",
      ...["data-dictionary", "systems", "scoring", "lifecycle", "routing", "retention", "content", "nurture", "changelog"].map(
        (p) => `generated/site/${p}.html`,
      ),
    ]);
    expect(result.stdout).toBe("");
    expect(result.status).toBe(0);
  });
});

describe("docs --check", () => {
  it("fails after a policy edit, lists the stale files, and passes after `leadrules docs`", async () => {
    const policies = policyFolder([], bundledPolicies);
    const out = makeTempDir();
    expect((await runCli(["docs", "--policies", policies, "--out", out])).code).toBe(0);
    expect((await runCli(["docs", "--policies", policies, "--out", out, "--check"])).code).toBe(0);
    const file = path.join(policies, "scoring-model.yaml");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace("description: VPs own the data platform budget.", "description: VPs own the budget."),
    );
    const stale = await runCli(["docs", "--policies", policies, "--out", out, "--check"]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain(`stale: ${out}/docs/scoring.md`);
    expect(stale.stderr).toContain(`stale: ${out}/site/assets/search-index.js`);
    writeFileSync(path.join(out, "docs", "old-page.md"), "# gone\n");
    expect((await runCli(["docs", "--policies", policies, "--out", out, "--check"])).stderr).toContain(`extra: ${out}/docs/old-page.md`);
    // A page an earlier run wrote (listed in the folder's manifest) and no longer produced is removed.
    const manifestFile = path.join(out, "docs", ".leadrules-manifest.json");
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, files: [...manifest.files, "old-page.md"] }));
    const rewrite = await runCli(["docs", "--policies", policies, "--out", out]);
    expect(rewrite.stdout).toContain("removed old-page.md");
    expect((await runCli(["docs", "--policies", policies, "--out", out, "--check"])).code).toBe(0);
  });
});

describe("the HTML site in a real browser", () => {
  let browser: Browser;
  const consoleErrors: string[] = [];
  beforeAll(async () => {
    if (!existsSync("/usr/bin/chromium"))
      throw new Error("Debian's chromium is needed for this test: apt-get install chromium (.ci/run does it)");
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  });
  afterAll(async () => browser?.close());

  const open = async (file: string) => {
    const page = await browser.newPage();
    page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
    page.on("pageerror", (e) => consoleErrors.push(e.message));
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);
    return { page, requests };
  };

  it("finds a field by search, shows its row, follows a link to a rule that reads it; no console errors, no network", async () => {
    const { page, requests } = await open(path.join(repoRoot, "generated/site/index.html"));
    await page.fill("#search-input", "employees");
    const hit = page.locator("#search-results li", { hasText: "field" }).filter({ has: page.locator("a", { hasText: /^employees$/ }) });
    await hit.locator("a").click();
    await page.waitForURL(/data-dictionary\.html#field-employees$/);
    const row = page.locator("tr", { has: page.locator("#field-employees") });
    await expect(row.textContent()).resolves.toMatch(/employees\s*Employees\s*integer/);
    await row.locator("a", { hasText: "fit.employees.enterprise" }).click();
    await page.waitForURL(/scoring\.html#rule-fit-employees-enterprise$/);
    const ruleRow = page.locator("tr", { has: page.locator("#rule-fit-employees-enterprise") });
    await expect(ruleRow.textContent()).resolves.toContain("Employees is at least 1000");
    expect(consoleErrors).toEqual([]);
    expect(requests.every((url) => url.startsWith("file://"))).toBe(true);
  });

  it("a deep link lands below the sticky header, on a wide and a narrow screen, and its row is highlighted", async () => {
    for (const width of [1280, 420]) {
      const page = await browser.newPage({ viewport: { width, height: 700 } });
      await page.goto(`${pathToFileURL(path.join(repoRoot, "generated/site/data-dictionary.html")).href}#field-unsubscribed`);
      // Run in the page (a string: the tests are compiled without the DOM's types).
      const place = (await page.evaluate(`(() => {
        const row = document.getElementById("field-unsubscribed").closest("tr");
        return {
          headerBottom: document.querySelector(".site-header").getBoundingClientRect().bottom,
          rowTop: row.getBoundingClientRect().top,
          scrolled: window.scrollY,
          background: getComputedStyle(row).backgroundColor,
        };
      })()`)) as { headerBottom: number; rowTop: number; scrolled: number; background: string };
      expect(place.scrolled, `width ${width}`).toBeGreaterThan(0);
      expect(place.rowTop, `width ${width}`).toBeGreaterThanOrEqual(place.headerBottom);
      expect(place.rowTop - place.headerBottom, `width ${width}`).toBeLessThan(40);
      expect(place.background).toBe("rgb(255, 248, 197)");
      await page.close();
    }
  });

  it("draws the lifecycle diagram as SVG, offline: every stage a visible box inside the page's width, every transition an arrow", async () => {
    const { page, requests } = await open(path.join(repoRoot, "generated/site/lifecycle.html"));
    const drawn = (await page.evaluate(`(() => {
      const svg = document.querySelector("figure.diagram svg");
      const box = svg.getBoundingClientRect();
      const states = [...svg.querySelectorAll("g.state")].map((g) => {
        const r = g.getBoundingClientRect();
        return { label: g.textContent.trim(), width: r.width, height: r.height, inside: r.left >= box.left - 1 && r.right <= box.right + 1 };
      });
      return {
        width: box.width,
        main: document.querySelector("main").getBoundingClientRect().width,
        states,
        edges: svg.querySelectorAll("path.edge").length,
        sourceHidden: !document.querySelector("figure.diagram details").open,
        sourceArrows: document.querySelector("figure.diagram details code").textContent.split("-->").length - 1,
      };
    })()`)) as {
      width: number;
      main: number;
      states: { label: string; width: number; height: number; inside: boolean }[];
      edges: number;
      sourceHidden: boolean;
      sourceArrows: number;
    };
    const stages = ["subscriber", "lead", "mql", "sal", "sql", "opportunity", "customer", "recycled", "disqualified"];
    expect(drawn.states.map((s) => s.label).sort()).toStrictEqual([...stages].sort());
    for (const state of drawn.states) {
      expect(state.width, state.label).toBeGreaterThan(20);
      expect(state.height, state.label).toBeGreaterThan(10);
      expect(state.inside, state.label).toBe(true);
    }
    expect(drawn.width).toBeGreaterThan(200);
    expect(drawn.width).toBeLessThanOrEqual(drawn.main + 1);
    // One arrow per arrow of the Mermaid source shown under it (two initial stages, transitions, recycling, two terminal stages).
    expect(drawn.edges).toBe(20);
    expect(drawn.edges).toBe(drawn.sourceArrows);
    expect(drawn.sourceHidden).toBe(true);
    expect(consoleErrors).toEqual([]);
    expect(requests.every((url) => url.startsWith("file://"))).toBe(true);
  });

  it("search finds a field by a system's field name, a picklist value's label and its PII class, and says what matched", async () => {
    const { page } = await open(path.join(repoRoot, "generated/site/index.html"));
    const fieldHit = (id: string) =>
      page.locator("#search-results li", { hasText: "field" }).filter({ has: page.locator("a", { hasText: new RegExp(`^${id}$`) }) });
    await page.fill("#search-input", "Lead.Job_Function__c");
    await expect(fieldHit("jobFunction").textContent()).resolves.toContain("(salesforce: Lead.Job_Function__c)");
    await page.fill("#search-input", "Analytics");
    await expect(fieldHit("jobFunction").textContent()).resolves.toContain("(value: data (Data & Analytics))");
    await page.fill("#search-input", "pii: personal");
    await expect(fieldHit("email").count()).resolves.toBe(1);
    await expect(fieldHit("employees").count()).resolves.toBe(0);
    await page.fill("#search-input", "Job title");
    await expect(fieldHit("title").count()).resolves.toBe(1);
    expect(consoleErrors).toEqual([]);
  });

  it("shows a <script> in a policy description as text and never runs it", async () => {
    const policies = policyFolder(
      [
        {
          file: "scoring-model.yaml",
          replace: "description: VPs own the data platform budget.",
          with: 'description: "VPs <script>window.pwned = 1</script><img src=x onerror=\\"window.pwned = 2\\">"',
        },
      ],
      bundledPolicies,
    );
    const out = makeTempDir();
    expect((await runCli(["docs", "--policies", policies, "--out", out])).code).toBe(0);
    const { page } = await open(path.join(out, "site/scoring.html"));
    const row = page.locator("tr", { has: page.locator("#rule-fit-seniority-vp") });
    await expect(row.textContent()).resolves.toContain("VPs <script>window.pwned = 1</script><img src=x");
    expect(await page.evaluate(() => (globalThis as unknown as { pwned?: number }).pwned)).toBeUndefined();
    await page.fill("#search-input", "VPs");
    expect(await page.evaluate(() => (globalThis as unknown as { pwned?: number }).pwned)).toBeUndefined();
    const markdown = readFileSync(path.join(out, "docs/scoring.md"), "utf8");
    expect(markdown).toContain("VPs &lt;script>window.pwned = 1&lt;/script>");
  });
});
