/**
 * The one code span rule (render/escape/markdown.ts): a value in a code span reads exactly as written, in
 * text and in a table cell, as `marked` (the site's renderer, GFM) reads it; and the generated docs hold no
 * prose escape inside a code span.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { marked } from "marked";
import { describe, expect, it } from "vitest";
import { markdownCode, markdownTable } from "../src/render/escape/markdown.js";
import { renderDocs } from "../src/render/render-docs.js";
import { validSet } from "./helpers/policies.js";
import { repoRoot } from "./helpers/policy-fixtures.js";

const htmlEntities: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };
const codeTexts = (html: string) =>
  [...html.matchAll(/<code>([^<]*)<\/code>/g)].map((m) => m[1]!.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => htmlEntities[e]!));
const render = (markdown: string) => marked.parse(markdown, { async: false, gfm: true }) as string;

/** Values without line breaks or controls (those are shown as escapes, on purpose), nor a backslash right before a pipe (see below). */
const value = fc
  .string({ unit: fc.constantFrom("a", "_", "\\", "`", "|", " ", "*", "<", "&", "#", "[", "]", "~"), minLength: 1, maxLength: 12 })
  .filter((v) => !v.includes("\\|"));

describe("markdownCode", () => {
  it("shows CRM API names as written: no backslash before `_`", () => {
    expect(markdownCode("Lead.Job_Function__c").source).toBe("`Lead.Job_Function__c`");
    expect(codeTexts(render(`Mapped to ${markdownCode("Lead.Job_Function__c").source}.`))).toEqual(["Lead.Job_Function__c"]);
  });

  it("chooses a longer fence for backticks inside and pads what CommonMark would strip", () => {
    expect(markdownCode("a`b").source).toBe("``a`b``");
    expect(markdownCode("`x").source).toBe("`` `x ``");
    expect(markdownCode(" x ").source).toBe("`  x  `");
    expect(markdownCode("  ").source).toBe("`  `");
  });

  it("writes a pipe as itself in text and as `\\|` in a table cell", () => {
    expect(markdownCode("a|b").source).toBe("`a|b`");
    expect(markdownCode("a|b", "table-cell").source).toBe("`a\\|b`");
    expect(markdownTable(["field"], [[markdownCode("a|b")]]).source).toContain("| `a\\|b` |");
  });

  it("property: marked reads back the value exactly, in a paragraph and in a table cell", () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(codeTexts(render(`Text ${markdownCode(v).source} text`))).toEqual([v]);
        const table = render(markdownTable(["code", "n"], [[markdownCode(v), 1]]).source);
        expect(codeTexts(table)).toEqual([v]);
        expect(table.match(/<td>/g)).toHaveLength(2);
      }),
      { numRuns: 500 },
    );
  });
});

describe("the generated docs", () => {
  it("hold no Markdown escape inside a code span (Markdown) nor a <code> element (HTML)", () => {
    const folder = (name: string) =>
      readdirSync(path.join(repoRoot, "generated", name)).map((f) => path.join(repoRoot, "generated", name, f));
    for (const file of folder("docs")) {
      const spans = marked.lexer(readFileSync(file, "utf8"), { gfm: true });
      const found: string[] = [];
      marked.walkTokens(spans, (token) => {
        if (token.type === "codespan" && /\\[_*`[\]~]/.test(token.text)) found.push(token.text);
      });
      expect(found, file).toEqual([]);
    }
    for (const file of folder("site").filter((f) => f.endsWith(".html")))
      expect(
        codeTexts(readFileSync(file, "utf8")).filter((t) => /\\[_*`[\]~]/.test(t)),
        file,
      ).toEqual([]);
  });
});

describe("code spans in the docs templates", () => {
  it("a pipe is `\\|` where the span lands in a table row and `|` in a paragraph; both read back as written", () => {
    // The bundled set with its dictionary's file name and one system field name holding a pipe (the policies as data: a copy).
    const bundled = validSet();
    const original = bundled.byKind.DataDictionary!;
    const dictionary = { ...original, file: "policies/data|dictionary.yaml", document: structuredClone(original.document) };
    dictionary.document.spec.objects[0]!.fields[0]!.mappings!.salesforce!.field = "Lead.A|B";
    const set = {
      policies: bundled.policies.map((p) => (p === original ? dictionary : p)),
      byKind: { ...bundled.byKind, DataDictionary: dictionary },
    };
    const markdown = renderDocs(set).get("docs/data-dictionary.md")!;
    expect(markdown).toContain("Source: `policies/data|dictionary.yaml`.");
    expect(markdown).toMatch(/^\| `leadId` \| `Lead\.A\\\|B` \(outbound\) \|/m);
    const html = render(markdown);
    expect(codeTexts(html)).toContain("policies/data|dictionary.yaml");
    expect(codeTexts(html)).toContain("Lead.A|B");
  });
});
