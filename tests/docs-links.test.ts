/**
 * Every intra-doc link of the generated Data Definitions (Markdown and HTML site) reaches its file and
 * anchor, and the checker itself goes red on a broken link.
 */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { brokenLinks, githubSlug, markdownTargets } from "./helpers/link-check.js";
import { makeTempDir, repoRoot } from "./helpers/policy-fixtures.js";

const generated = path.join(repoRoot, "generated");

describe("links in generated/", () => {
  it("every relative link's file and anchor exist, in the Markdown docs and the HTML site", () => {
    expect(brokenLinks(generated)).toEqual([]);
  });

  it("goes red when a link breaks: a missing anchor, a missing file, an anchor on the wrong page", () => {
    const copy = makeTempDir();
    cpSync(generated, copy, { recursive: true });
    const edit = (file: string, from: string, to: string) => {
      const full = path.join(copy, file);
      const text = readFileSync(full, "utf8");
      expect(text).toContain(from);
      writeFileSync(full, text.replace(from, to));
    };
    edit("docs/data-dictionary.md", "(scoring.md#rule-fit-email-personal)", "(scoring.md#rule-fit-email-persona)");
    edit("docs/index.md", "(changelog.md)", "(change-log.md)");
    edit("site/data-dictionary.html", 'href="scoring.html#rule-fit-email-personal"', 'href="routing.html#rule-fit-email-personal"');
    expect(brokenLinks(copy)).toEqual([
      {
        file: "docs/data-dictionary.md",
        href: "scoring.md#rule-fit-email-persona",
        problem: "no anchor #rule-fit-email-persona in docs/scoring.md",
      },
      { file: "docs/index.md", href: "change-log.md", problem: "no file docs/change-log.md in " + path.basename(copy) + "/" },
      {
        file: "site/data-dictionary.html",
        href: "routing.html#rule-fit-email-personal",
        problem: "no anchor #rule-fit-email-personal in site/routing.html",
      },
    ]);
  });

  it("reads Markdown targets as GitHub makes them: heading slugs, repeats numbered, explicit anchors", () => {
    expect(githubSlug("Rules: fit & engagement (v2)")).toBe("rules-fit--engagement-v2");
    const targets = markdownTargets('# Queues\n\n## Queues\n\n### `a_b` rules\n\n| <a id="field-x"></a>`x` |\n| --- |\n');
    expect([...targets].sort()).toEqual(["a_b-rules", "field-x", "queues", "queues-1"]);
  });
});
