/**
 * The nurture page of the Data Definitions: for a small hand-written
 * NurtureProgram policy, the exact flowchart and step table; and with
 * hostile ids, descriptions and condition values, escaping in the Markdown,
 * the Mermaid diagram and the site's HTML.
 */
import { describe, expect, it } from "vitest";
import type { NurtureSpec } from "../src/model/policy.js";
import type { PolicySet } from "../src/model/policy-set.js";
import { mermaidLabel } from "../src/render/escape/mermaid.js";
import { renderDocs } from "../src/render/render-docs.js";
import { validSet } from "./helpers/policies.js";

/** The bundled policies with their nurture spec replaced: rendering reads a set as given, valid or not. */
function withNurture(spec: NurtureSpec): PolicySet {
  const set = validSet();
  const nurture = set.byKind.NurtureProgram!;
  const edited = { ...nurture, document: { ...nurture.document, spec } } as typeof nurture;
  return {
    policies: set.policies.map((p) => (p === nurture ? edited : p)),
    byKind: { ...set.byKind, NurtureProgram: edited },
  };
}

const small: NurtureSpec = {
  contactPolicy: { maxTouches: 2, windowDays: 5 },
  consentGates: [],
  programs: [
    {
      id: "later",
      name: "Later",
      description: "Tried second.",
      priority: 20,
      calendar: "americas",
      entry: { fact: "stage", operator: "equal", value: "recycled" },
      exits: [],
      tracks: [
        {
          id: "only",
          description: "One step.",
          steps: [{ id: "call", description: "A call.", channel: "call-task", waitDays: 1 }],
        },
      ],
    },
    {
      id: "first",
      name: "First",
      description: "Tried first.",
      priority: 10,
      calendar: "americas",
      entry: { fact: "stage", operator: "equal", value: "lead" },
      exits: [{ id: "qualified", description: "MQL.", when: { fact: "threshold.mql", operator: "equal", value: true } }],
      escalations: [
        {
          id: "demo",
          description: "Demo.",
          when: { fact: "demoRequested", operator: "equal", value: true },
          route: "route.mql.americas",
        },
      ],
      tracks: [
        {
          id: "tech",
          description: "Technical people.",
          when: { fact: "jobFunction", operator: "in", value: ["data", "it"] },
          steps: [
            {
              id: "hello",
              description: "Hello.",
              channel: "email",
              asset: "data-stack-ebook",
              waitDays: 0,
              branches: [
                {
                  id: "keen",
                  description: "Keen.",
                  when: { fact: "emailClicks", operator: "greaterThanInclusive", value: 2 },
                  goto: "tour",
                },
              ],
            },
            { id: "nudge", description: "Nudge.", channel: "direct-mail", asset: "analyst-report", waitDays: 1 },
            { id: "tour", description: "Tour.", channel: "email", asset: "product-tour-video", waitDays: 3 },
          ],
        },
        { id: "rest", description: "Everyone else.", steps: [{ id: "ring", description: "Ring.", channel: "call-task", waitDays: 2 }] },
      ],
    },
  ],
};

/** The first Mermaid block after `after`. */
const mermaidBlock = (markdown: string, after: string) => {
  const section = markdown.slice(markdown.indexOf(after));
  return section.slice(section.indexOf("```mermaid\n") + "```mermaid\n".length, section.indexOf("\n```\n"));
};

describe("the nurture page", () => {
  it("lists programs in priority order, each with its flowchart and its step table", () => {
    const files = renderDocs(withNurture(small));
    const page = files.get("docs/nurture.md")!;
    expect(page.indexOf("1. First (`first`)")).toBeGreaterThan(0);
    expect(page.indexOf("1. First (`first`)")).toBeLessThan(page.indexOf("2. Later (`later`)"));
    expect(mermaidBlock(page, "(`first`)")).toBe(
      [
        "flowchart TD",
        '    entry(["Enters first: Stage is lead"])',
        '    entry -->|"Job function is one of data, it"| t1["track tech"]',
        '    t1 -->|"no wait"| t1s1["hello: email, data-stack-ebook"]',
        '    t1s1 -->|"wait 1 business day"| t1s2["nudge: direct-mail, analyst-report"]',
        '    t1s2 -->|"wait 3 business days"| t1s3["tour: email, product-tour-video"]',
        '    t1s1 -.->|"keen: Email clicks is at least 2"| t1s3',
        "    t1s3 --> completed",
        '    entry -->|"Every other lead"| t2["track rest"]',
        '    t2 -->|"wait 2 business days"| t2s1["ring: call-task"]',
        "    t2s1 --> completed",
        '    completed(["track completed"])',
        '    entry -.->|"MQL reached is yes"| x1(["exit qualified"])',
        '    entry -.->|"Demo requested is yes"| e1(["escalation demo to route.mql.americas"])',
      ].join("\n"),
    );
    const steps = page.slice(page.indexOf("Table: Steps of `first`"));
    expect(steps.split("\n").slice(3, 8)).toEqual([
      "| --- | --- | --- | --- | --- | --- | --- | --- |",
      '| `tech` | <a id="step-first-tech-hello"></a>1. `hello` | email | [data-stack-ebook](content.md#asset-data-stack-ebook) | 2.0 | 0 | <a id="branch-first-keen"></a>`keen`: to `tour` when Email clicks is at least 2 | Hello. |',
      '| `tech` | <a id="step-first-tech-nudge"></a>2. `nudge` | direct-mail | [analyst-report](content.md#asset-analyst-report) | 2026 | 1 | - | Nudge. |',
      '| `tech` | <a id="step-first-tech-tour"></a>3. `tour` | email | [product-tour-video](content.md#asset-product-tour-video) | 1.2 | 3 | - | Tour. |',
      '| `rest` | <a id="step-first-rest-ring"></a>1. `ring` | call-task | - | - | 2 | - | Ring. |',
    ]);
    expect(page).toContain("- At most 2 marketing touches (every channel but call-task) per lead in any 5 days, across every program.");
    expect(page).toContain(
      '| escalation | <a id="escalation-first-demo"></a>`demo` | Demo requested is yes | [route.mql.americas](routing.md#rule-route-mql-americas) | Demo. |',
    );
    // The site links the page from every page's navigation and finds its programs and steps by search.
    expect(files.get("site/index.html")).toContain('<a href="nurture.html">Nurture programs</a>');
    expect(files.get("site/assets/search-index.js")).toContain('"href": "nurture.html#step-first-tech-tour"');
    expect(files.get("site/nurture.html")).toContain('<pre><code class="language-mermaid">flowchart TD');
  });

  it("escapes hostile ids, descriptions and condition values in the Markdown, the Mermaid diagram and the HTML", () => {
    const hostile = 'x"]; click entry "javascript:alert(1)" %%#;<script>alert(2)</script>|```~~~\n[y]';
    const spec = structuredClone(small);
    const program = spec.programs[1]!;
    program.id = hostile;
    program.name = hostile;
    program.description = hostile;
    program.entry = { fact: "country", operator: "equal", value: hostile };
    program.tracks[0]!.id = hostile;
    program.tracks[0]!.steps[0]!.id = hostile;
    program.tracks[0]!.steps[0]!.branches![0]!.goto = "tour";
    program.exits[0]!.id = hostile;
    const files = renderDocs(withNurture(spec));
    const page = files.get("docs/nurture.md")!;

    // Mermaid: every line is leadrules' own syntax around labels of plain characters and entity codes only.
    const diagram = mermaidBlock(page, "## Programs").split("\n");
    const label = String.raw`"(?:[\p{L}\p{N} .,:()'/_-]|#\d+;)*"`;
    const node = String.raw`[a-z][a-z0-9]*(?:\(\[${label}\]\)|\[${label}\])?`;
    const line = new RegExp(String.raw`^(?:flowchart TD|    ${node}|    ${node} (?:-->|-\.->)(?:\|${label}\|)? ${node})$`, "u");
    expect(diagram.length).toBeGreaterThan(10);
    for (const l of diagram) expect(l).toMatch(line);
    expect(diagram[1]).toBe(
      '    entry(["Enters x#34;#93;#59; click entry #34;javascript:alert(1)#34; #37;#37;#35;#59;#60;script#62;alert(2)#60;/script#62;#124;#96;#96;#96;#126;#126;#126; #91;y#93;: Country is x#34;#93;#59; click entry #34;javascript:alert(1)#34; #37;#37;#35;#59;#60;script#62;alert(2)#60;/script#62;#124;#96;#96;#96;#126;#126;#126; #91;y#93;"])',
    );

    // Markdown: the description is text on its own line; every table keeps its columns; fences pair up.
    expect(page).toContain(
      '\n\nx"\\]; click entry "javascript:alert(1)" %%#;&lt;script>alert(2)&lt;/script>\\|\\`\\`\\`\\~\\~\\~ \\[y\\]\n\n',
    );
    const tables = page.split("\n\n").filter((block) => block.startsWith("|"));
    expect(tables.length).toBe(5);
    for (const table of tables) {
      const cells = table
        .trimEnd()
        .split("\n")
        .map((row) => row.replace(/\\\|/g, "").split("|").length);
      expect(new Set(cells).size, table).toBe(1);
    }
    expect(page.match(/^```/gm)).toEqual(["```", "```", "```", "```"]);

    // HTML: no markup from the policy; the diagram is a code block whose text the browser shows as written.
    const html = files.get("site/nurture.html")!;
    // The layout's own scripts only: the search index, the search and the deep links.
    expect(html.match(/<script[^>]*>/g)).toEqual([
      '<script src="assets/search-index.js">',
      '<script src="assets/search.js">',
      '<script src="assets/deep-links.js">',
    ]);
    expect(html).toContain("&lt;script&gt;alert(2)&lt;/script&gt;");
    expect(html).toContain("entry([&quot;Enters x#34;#93;#59; click entry");
    expect(files.get("site/assets/search-index.js")).not.toContain("<script>");
  });

  it("writes a label as Mermaid entity codes, one line, controls shown as escapes", () => {
    expect(mermaidLabel('a "b" [c] #d; <e> & f\r\ng\u202Eh').source).toBe('"a #34;b#34; #91;c#93; #35;d#59; #60;e#62; #38; f g#92;u202Eh"');
    expect(mermaidLabel("Café, (x): a/b_c-d 'e'").source).toBe("\"Café, (x): a/b_c-d 'e'\"");
  });
});
