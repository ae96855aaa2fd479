/**
 * Intra-doc links of a generated folder: every relative link's file exists and every `#anchor` is a target
 * in that file. Markdown targets are the heading slugs GitHub makes (the rendered heading's text, lower-case,
 * punctuation but `-` and `_` dropped, spaces as `-`, repeats numbered `-1`, `-2`) and explicit `<a id>` /
 * `<a name>`; HTML targets are `id` attributes. Links are read with `marked`, the renderer of the site.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { marked, type Token } from "marked";

export interface BrokenLink {
  /** The file holding the link, relative to the checked folder. */
  file: string;
  href: string;
  problem: string;
}

const anchorAttribute = /<a\s[^>]*?\b(?:id|name)="([^"]*)"/g;
const idAttribute = /\sid="([^"]*)"/g;
const hrefAttribute = /\shref="([^"]*)"/g;
const htmlEntities: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };
const decodeEntities = (text: string) => text.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => htmlEntities[e]!);

/** GitHub's heading slug of a heading's rendered text. */
export function githubSlug(headingText: string): string {
  return headingText
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");
}

function markdownTokens(text: string): Token[] {
  const tokens = marked.lexer(text, { gfm: true });
  const all: Token[] = [];
  marked.walkTokens(tokens, (token) => {
    all.push(token);
  });
  return all;
}

/** The targets of a Markdown file: heading slugs (numbered when repeated) and explicit anchors. */
export function markdownTargets(text: string): Set<string> {
  const targets = new Set<string>();
  const seen = new Map<string, number>();
  for (const token of markdownTokens(text)) {
    if (token.type === "heading") {
      const rendered = marked.parseInline(token.text, { async: false, gfm: true }) as string;
      const slug = githubSlug(decodeEntities(rendered.replace(/<[^>]*>/g, "")));
      const repeats = seen.get(slug) ?? 0;
      seen.set(slug, repeats + 1);
      targets.add(repeats === 0 ? slug : `${slug}-${repeats}`);
    }
    if (token.type === "html") for (const m of token.raw.matchAll(anchorAttribute)) targets.add(decodeEntities(m[1]!));
  }
  return targets;
}

function markdownLinks(text: string): string[] {
  return markdownTokens(text).flatMap((token) => (token.type === "link" ? [token.href] : []));
}

/** The targets of an HTML file: its `id` attributes (and `<a name>`). */
export function htmlTargets(text: string): Set<string> {
  return new Set([...text.matchAll(idAttribute), ...text.matchAll(anchorAttribute)].map((m) => decodeEntities(m[1]!)));
}

function htmlLinks(text: string): string[] {
  return [...text.matchAll(hrefAttribute)].map((m) => decodeEntities(m[1]!));
}

const kinds = {
  ".md": { links: markdownLinks, targets: markdownTargets },
  ".html": { links: htmlLinks, targets: htmlTargets },
} as const;

const kindOf = (file: string) => kinds[path.extname(file) as keyof typeof kinds] as (typeof kinds)[keyof typeof kinds] | undefined;

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .sort();
}

/** Every broken relative link of the Markdown and HTML files under `folder` (links to other sites are not followed). */
export function brokenLinks(folder: string): BrokenLink[] {
  const broken: BrokenLink[] = [];
  const targetsOf = new Map<string, Set<string>>();
  const targets = (file: string) => {
    let found = targetsOf.get(file);
    if (!found) {
      found = kindOf(file)?.targets(readFileSync(path.join(folder, file), "utf8")) ?? new Set();
      targetsOf.set(file, found);
    }
    return found;
  };
  for (const file of filesUnder(folder)) {
    const kind = kindOf(file);
    if (!kind) continue;
    for (const href of kind.links(readFileSync(path.join(folder, file), "utf8"))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("//")) continue;
      const [target = "", fragment] = href.split(/#(.*)/s);
      const targetFile = target === "" ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURI(target)));
      // The generated folder is published on its own: a link out of it breaks wherever it is read.
      if (targetFile.startsWith("../")) {
        broken.push({ file, href, problem: `leaves ${path.basename(folder)}/` });
        continue;
      }
      if (!existsSync(path.join(folder, targetFile))) {
        broken.push({ file, href, problem: `no file ${targetFile} in ${path.basename(folder)}/` });
        continue;
      }
      if (fragment !== undefined && fragment !== "" && !targets(targetFile).has(decodeURIComponent(fragment)))
        broken.push({ file, href, problem: `no anchor #${fragment} in ${targetFile}` });
    }
  }
  return broken;
}
