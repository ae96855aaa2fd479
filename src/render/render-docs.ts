/**
 * Renders the Data Definitions documents: Markdown for reading on GitHub
 * (docs/) and a self-contained static HTML site with client-side search
 * (site/). Templates are Handlebars files in templates/, compiled with
 * `strict: true` so a missing value fails loudly. Escaping is by
 * construction, one rule per output (render/escape/): every string of the
 * view model reaches a Markdown template as `MarkdownText`, which prints
 * escaped (`{{codeSpan x}}` prints it as code); the HTML layout uses
 * Handlebars' HTML escaping (its values through `htmlView`, which shows
 * bidirectional controls as escapes) and takes as HTML only the body made
 * from that escaped Markdown; `{{comment x}}` is text inside an HTML comment; the
 * search index is JSON escaped for scripts. A paragraph `Table: ...` right
 * before a table is that table's caption in the site.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";
import { marked } from "marked";
import { graphSvg } from "./graph-svg.js";
import type { PolicySet } from "../model/policy-set.js";
import type { PolicyKind } from "../model/policy.js";
import { anchor, buildDocsModel, pages, systemsPage, type DocsModel } from "./docs-model.js";
import { commentText, htmlView, scriptJson } from "./escape/html.js";
import { escapeMarkdown, Markdown, markdownCode } from "./escape/markdown.js";

const templatesDirectory = fileURLToPath(new URL("../../templates/", import.meta.url));

const pageModel: Record<PolicyKind, keyof DocsModel> = {
  DataDictionary: "dictionary",
  ScoringModel: "scoring",
  Lifecycle: "lifecycle",
  Routing: "routing",
  RetentionSchedule: "retention",
  ContentApproval: "content",
  NurtureProgram: "nurture",
};

/** A string of the view model on its way into Markdown: prints escaped, keeps the text for code spans. */
class MarkdownText {
  constructor(readonly text: string) {}
  toString(): string {
    return escapeMarkdown(this.text);
  }
}

/** The view model as Markdown templates see it: every non-empty string a `MarkdownText` (empty ones stay falsy for `#if`). */
function markdownView(value: unknown): unknown {
  if (typeof value === "string") return value === "" ? value : new MarkdownText(value);
  if (Array.isArray(value)) return value.map(markdownView);
  if (value instanceof Markdown || value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, markdownView(v)]));
}

/**
 * A `|` inside a code span until its line is known. NUL never reaches a template's output otherwise: every
 * value shows its control characters as escapes (escape/bidi.ts) and the templates hold none.
 */
const pipeInCodeSpan = "\u0000";

/** The marked pipes of code spans as the code span rule places them: `\|` on a table row, `|` elsewhere. */
function placeCodeSpanPipes(markdown: string): string {
  return markdown
    .split("\n")
    .map((line) => line.replaceAll(pipeInCodeSpan, line.startsWith("|") ? "\\|" : "|"))
    .join("\n");
}

function templateEngine() {
  const hb = Handlebars.create();
  const text = (value: unknown) => (value instanceof MarkdownText ? value.text : value);
  // A template writes table rows as literal lines, so the helper cannot know whether its span lands in a
  // cell: it marks the span's pipes, and `placeCodeSpanPipes` writes them once the line is known.
  hb.registerHelper("codeSpan", (value: unknown) => markdownCode(text(value)).source.replaceAll("|", pipeInCodeSpan));
  // The banner inside <!-- -->, in the Markdown and the HTML alike: one line that cannot end the comment.
  hb.registerHelper("comment", (value: unknown) => new hb.SafeString(commentText(text(value))));
  const compile = (file: string) =>
    hb.compile(readFileSync(`${templatesDirectory}${file}`, "utf8"), { strict: true, noEscape: file.endsWith(".md.hbs") });
  return { compile };
}

/** Relative path (docs/..., site/...) -> content. */
export function renderDocs(set: PolicySet): Map<string, string> {
  const model = buildDocsModel(set);
  const engine = templateEngine();
  const banner = `generated from ${model.sources} by leadrules docs; do not edit`;
  const markdownModel = markdownView({ ...model, banner });
  const files = new Map<string, string>();
  const kinds = (Object.keys(pages) as PolicyKind[]).filter((k) => model[pageModel[k]] !== null);
  const markdown = new Map<string, { title: string; text: string }>();

  // Templates are easier to read with blank lines around blocks; the output keeps at most one.
  const render = (template: string) =>
    placeCodeSpanPipes(engine.compile(template)(markdownModel))
      .replace(/\n{3,}/g, "\n\n")
      .trimEnd() + "\n";
  markdown.set("index", { title: "Data Definitions", text: render("markdown/index.md.hbs") });
  for (const kind of kinds) {
    const { slug, title } = pages[kind];
    markdown.set(slug, { title, text: render(`markdown/${slug}.md.hbs`) });
  }
  if (model.systems) markdown.set(systemsPage.slug, { title: systemsPage.title, text: render("markdown/systems.md.hbs") });
  markdown.set("changelog", { title: "Change log", text: render("markdown/changelog.md.hbs") });

  const layout = engine.compile("html/layout.html.hbs");
  // Mermaid source -> the same diagram drawn as SVG, for the site.
  const diagrams = new Map<string, string>();
  if (model.lifecycle) diagrams.set(String(model.lifecycle.mermaid), graphSvg(model.lifecycle.diagram, "Lifecycle stages and transitions"));
  // The source systems page comes right after the data dictionary it explains.
  const navPages = [
    ...kinds.flatMap((k) => (k === "DataDictionary" && model.systems ? [pages[k], systemsPage] : [pages[k]])),
    { slug: "changelog", title: "Change log" },
  ];
  const nav = navPages.map((p) => ({ slug: p.slug, label: p.title }));
  for (const [slug, { title, text }] of markdown) {
    files.set(`docs/${slug}.md`, text);
    const body = drawDiagrams(
      captionTables(
        (marked.parse(text.replace(/^<!--.*-->\n/, ""), { async: false, gfm: true }) as string).replace(
          /href="([a-z0-9-]+)\.md(#[^"]*)?"/g,
          'href="$1.html$2"',
        ),
      ),
      diagrams,
    );
    files.set(
      `site/${slug}.html`,
      layout(
        htmlView({
          banner,
          title,
          sources: model.sources,
          body: body.trimEnd(),
          nav: nav.map((n) => ({ href: `${n.slug}.html`, label: n.label, current: n.slug === slug })),
        }),
      ),
    );
  }
  const fileBanner = `/* ${commentText(banner)} */`;
  files.set("site/assets/site.css", `${fileBanner}\n${readFileSync(`${templatesDirectory}assets/site.css`, "utf8")}`);
  for (const script of ["search.js", "deep-links.js"])
    files.set(`site/assets/${script}`, `${fileBanner}\n${readFileSync(`${templatesDirectory}assets/${script}`, "utf8")}`);
  files.set("site/assets/search-index.js", `${fileBanner}\nwindow.LEADRULES_SEARCH_INDEX = ${scriptJson(searchIndex(model), 1)};\n`);
  return files;
}

/**
 * A Mermaid block the site has a drawing of becomes a figure: the SVG, then the source under a disclosure
 * (what the Markdown page shows, for copying). Blocks are matched by their whole source, unescaped as marked
 * escaped it; any other block stays source.
 */
function drawDiagrams(html: string, diagrams: ReadonlyMap<string, string>): string {
  return html.replace(/<pre><code class="language-mermaid">([^<]*)<\/code><\/pre>/g, (block, code: string) => {
    const source = code.replace(/&(lt|gt|quot|#39|amp);/g, (_entity, name: string) => htmlEntities[name]!).replace(/\n$/, "");
    const svg = diagrams.get(source);
    return svg ? `<figure class="diagram">\n${svg}\n<details><summary>Mermaid source</summary>\n${block}\n</details>\n</figure>` : block;
  });
}

const htmlEntities: Record<string, string> = { lt: "<", gt: ">", quot: '"', "#39": "'", amp: "&" };

/**
 * `<p>Table: x</p>` right before a table becomes its `<caption>`. The paragraph is HTML made from escaped
 * Markdown (no `<` from data), so it ends at the first `</p>`.
 */
function captionTables(html: string): string {
  return html.replace(/<p>Table: ((?:(?!<\/p>)[^\n])*)<\/p>\n<table>\n/g, "<table>\n<caption>$1</caption>\n");
}

interface SearchEntry {
  kind: string;
  id: string;
  title: string;
  text: string;
  href: string;
}

function searchIndex(model: DocsModel): SearchEntry[] {
  const entries: SearchEntry[] = [];
  const add = (kind: string, id: string, title: string, text: string, page: string, anchorId: string) =>
    entries.push({ kind, id, title, text, href: `${page}.html#${anchorId}` });
  // A field is found by its name, its label, its description, type and picklist values (and their labels), its PII
  // class and the name each source system gives it (`Lead.Job_Function__c`, `job_function`); each a part of
  // the text (joined by " · ") that the results show when it is what matched.
  for (const o of model.dictionary?.objects ?? [])
    for (const f of o.fields) {
      const systemNames = f.mappings.filter((m) => m.mapped).map((m) => `${m.system}: ${m.field}`);
      const words = [f.description, f.type, `PII: ${f.pii}`, ...f.picklist.map((v) => `value: ${v}`), ...systemNames];
      add("field", f.name, f.label, words.join(" · "), "data-dictionary", f.anchor);
    }
  for (const s of model.systems ?? []) {
    const columns = s.objects.flatMap((o) => o.fields.flatMap((f) => f.columns));
    add("system", s.id, s.name, `${s.kind} ${columns.join(" ")}`, systemsPage.slug, s.anchor);
  }
  for (const d of model.scoring?.dimensions ?? [])
    for (const r of d.rules) add("scoring rule", r.id, r.description, r.condition, "scoring", r.anchor);
  for (const t of model.scoring?.thresholds ?? []) add("threshold", t.id, t.description, t.minimums, "scoring", t.anchor);
  for (const e of model.scoring?.exclusions ?? []) add("exclusion", e.id, e.description, e.condition, "scoring", e.anchor);
  for (const s of model.lifecycle?.stages ?? []) add("stage", s.id, s.name, s.definition, "lifecycle", s.anchor);
  for (const t of model.lifecycle?.transitions ?? []) add("transition", t.id, t.description, t.condition, "lifecycle", t.anchor);
  for (const r of model.routing?.rules ?? []) add("routing rule", r.id, r.description, `${r.condition} ${r.queue}`, "routing", r.anchor);
  for (const r of model.retention?.rules ?? []) add("retention rule", r.id, r.description, r.condition, "retention", r.anchor);
  for (const a of model.content?.assets ?? []) add("asset", a.id, a.title, `${a.topics} ${a.stages}`, "content", a.anchor);
  for (const g of model.content?.gates ?? []) add("gate", g.id, g.description, g.condition, "content", anchor("rule", g.id));
  for (const p of model.nurture?.programs ?? []) {
    add("nurture program", p.id, p.name, `${p.description} ${p.entry}`, "nurture", p.anchor);
    for (const s of p.steps)
      add("nurture step", `${p.id}/${s.track}/${s.id}`, s.description, `${s.channel} ${s.asset}`, "nurture", s.anchor);
  }
  for (const g of model.nurture?.consentGates ?? [])
    add("consent gate", g.id, g.description, `${g.region} ${g.requires}`, "nurture", g.anchor);
  return entries;
}
