/**
 * Issue #17, class "the change-control gate and the CI workflow":
 * finding 3 (a `diff --check` bypass through base policy files whose names git
 * quotes; tooling paths without owners) and finding 12 (workflow hardening:
 * permissions per job, no PR code with trust, pinned actions, no expressions
 * inside `run:`).
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { runCli } from "../helpers/cli.js";
import { policyRepo, type TempRepo } from "../helpers/git-repo.js";
import { repoRoot } from "../helpers/policy-fixtures.js";
import { parseCodeowners, ruleFor } from "../../src/diff/codeowners-rules.js";
import { handWrittenBegin, handWrittenEnd, handWrittenSection } from "../../src/render/codeowners.js";

// git quotes unusual names unless told otherwise; force its default whatever the machine's config says.
beforeEach(() => {
  vi.stubEnv("GIT_CONFIG_COUNT", "1");
  vi.stubEnv("GIT_CONFIG_KEY_0", "core.quotePath");
  vi.stubEnv("GIT_CONFIG_VALUE_0", "true");
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const lowerMql = (repo: TempRepo, file: string) => repo.edit(file, "minimums: { total: 100, fit: 30 }", "minimums: { total: 90, fit: 30 }");

/** A repository whose committed scoring model is named `name`, with an unbumped behaviour change on top. */
function unbumpedChangeIn(name: string): TempRepo {
  const repo = policyRepo();
  renameSync(path.join(repo.policies, "scoring-model.yaml"), path.join(repo.policies, name));
  repo.commit(`scoring model as ${JSON.stringify(name)}`);
  lowerMql(repo, name);
  return repo;
}

describe("3. diff --check reads every base policy, whatever its file name", () => {
  const names = ["scöring.yaml", "scoring\nmodel.yaml", 'scoring"model.yaml', "scoring\\model.yaml", "scoring\tmodel.yaml", "得分.yaml"];
  for (const name of names) {
    it(`fails an unbumped behaviour change in ${JSON.stringify(name)} (working tree head)`, async () => {
      const repo = unbumpedChangeIn(name);
      const run = await runCli(["diff", "--policies", repo.policies, "--base", "main", "--check", "--format", "json", "--quiet"]);
      expect(run.stderr).toContain("a behaviour change without the version bump it needs: 3.2.0 -> 3.2.0, needs at least 3.3.0 (MINOR)");
      expect(run.code).toBe(1);
    });
  }

  it("fails it with both versions read from git (--head), and in a policy folder with a non-ASCII name", async () => {
    const repo = policyRepo();
    repo.git("mv", "policies", "pölicies");
    repo.git("mv", "pölicies/scoring-model.yaml", "pölicies/scöring model.yaml");
    repo.commit("renamed");
    repo.git("checkout", "-q", "-b", "change");
    const folder = path.join(repo.dir, "pölicies");
    const file = path.join(folder, "scöring model.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("minimums: { total: 100, fit: 30 }", "minimums: { total: 90, fit: 30 }"));
    repo.commit("lower the MQL threshold");
    const run = await runCli([
      "diff",
      "--policies",
      folder,
      "--base",
      "main",
      "--head",
      "change",
      "--check",
      "--format",
      "json",
      "--quiet",
    ]);
    expect(run.stderr).toContain("needs at least 3.3.0 (MINOR)");
    expect(run.code).toBe(1);
  });

  it("refuses a base policy that is a symbolic link with one line and exit 2, instead of reading the link's target name as YAML", async () => {
    const repo = policyRepo();
    renameSync(path.join(repo.policies, "scoring-model.yaml"), path.join(repo.dir, "scoring-model.yaml"));
    repo.git("add", "-A");
    repo.git("-c", "core.symlinks=true", "commit", "-q", "-m", "moved");
    symlinkSync("../scoring-model.yaml", path.join(repo.policies, "scoring-model.yaml"));
    repo.commit("linked");
    const run = await runCli(["diff", "--policies", repo.policies, "--base", "main", "--check", "--quiet"]);
    expect(run.stderr).toBe(
      'error: "policies/scoring-model.yaml" is a symbolic link in main\nhint: Policies under version control must be regular files; replace the link with the file.\n',
    );
    expect(run.code).toBe(2);
  });
});

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  "working-directory"?: string;
}
interface Job {
  permissions?: Record<string, string>;
  needs?: string | string[];
  if?: string;
  defaults?: { run?: { "working-directory"?: string } };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflowDirectory = path.join(repoRoot, ".github/workflows");
const workflowFiles = readdirSync(workflowDirectory).filter((f) => /\.ya?ml$/.test(f));
const workflowText = (file: string) => readFileSync(path.join(workflowDirectory, file), "utf8");
const workflow = (file: string) => parse(workflowText(file)) as Workflow;
const prCheck = workflow("policy-check.yml");
const checker = '"$GITHUB_WORKSPACE/base/bin/leadrules.js"';

describe("3. the pull-request gate runs the base commit's checker, never the pull request's code", () => {
  const gate = prCheck.jobs.gate!;
  it("checks the base commit out into its own folder and installs it there", () => {
    const base = gate.steps.find((s) => s.uses?.startsWith("actions/checkout@") && s.with?.path === "base")!;
    expect(base.with?.ref).toBe("${{ github.event.pull_request.base.sha }}");
    expect(gate.steps.find((s) => s.run === "npm ci")).toMatchObject({ "working-directory": "base" });
  });

  it("reads the pull request's checkout as data: every command of the gate is the base's bin/leadrules.js", () => {
    const pr = gate.steps.find((s) => s.uses?.startsWith("actions/checkout@") && s.with?.path === "pr")!;
    expect(pr.with?.["fetch-depth"]).toBe(0);
    expect(gate.defaults?.run?.["working-directory"]).toBe("pr");
    const runsInPr = gate.steps.filter((s) => s.run && s["working-directory"] !== "base").map((s) => s.run!);
    for (const script of runsInPr)
      expect(script.replaceAll(checker, ""), script).not.toMatch(/\b(npx|npm|yarn|pnpm|leadrules)\b|node_modules/);
    const commands = runsInPr.join("\n");
    for (const command of [
      "validate --format github",
      "test --coverage --min-coverage 100",
      "owners --check",
      'diff --base "$BASE_SHA" --check',
    ]) {
      expect(commands).toContain(`node ${checker} ${command}`);
    }
  });

  it("keeps the drift check, the one job that runs the PR's own code, read-only", () => {
    const drift = prCheck.jobs.drift!;
    expect(drift.permissions).toEqual({ contents: "read" });
    const commands = drift.steps.map((s) => s.run ?? "").join("\n");
    expect(commands).toContain("compile --check");
    expect(commands).toContain("docs --check");
  });
});

describe("12. the workflows are least privilege, pinned, and keep data out of scripts", () => {
  it("runs on pull_request, never pull_request_target, with no permissions by default", () => {
    for (const file of workflowFiles) expect(Object.keys(workflow(file).on)).not.toContain("pull_request_target");
    expect(Object.keys(prCheck.on)).toEqual(["pull_request"]);
    expect(prCheck.permissions).toEqual({});
  });

  it("gives write access to one small job that posts the uploaded report and runs no PR code", () => {
    for (const file of workflowFiles) {
      for (const [name, job] of Object.entries(workflow(file).jobs)) {
        expect(job.permissions, `${file}: ${name}`).toBeDefined();
        const writes = Object.entries(job.permissions!).filter(([, level]) => level !== "read");
        if (name === "comment" && file === "policy-check.yml") expect(writes).toEqual([["pull-requests", "write"]]);
        else expect(writes, `${file}: ${name}`).toEqual([]);
      }
    }
    const comment = prCheck.jobs.comment!;
    expect(comment.needs).toBe("gate");
    expect(comment.if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
    expect(comment.steps.map((s) => s.uses?.split("@")[0])).toEqual(["actions/download-artifact", "actions/github-script"]);
    expect(comment.steps.every((s) => s.run === undefined)).toBe(true);
    const upload = prCheck.jobs.gate!.steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"))!;
    expect(upload.with?.path).toBe("pr/impact.md");
  });

  it("never persists the checkout token", () => {
    for (const file of workflowFiles) {
      for (const job of Object.values(workflow(file).jobs)) {
        for (const step of job.steps.filter((s) => s.uses?.startsWith("actions/checkout@")))
          expect(step.with?.["persist-credentials"]).toBe(false);
      }
    }
  });

  it("has no ${{ }} expression inside run: (values come in through env:)", () => {
    for (const file of workflowFiles) {
      for (const job of Object.values(workflow(file).jobs)) {
        for (const step of job.steps) expect(step.run ?? "", `${file}: ${step.name ?? step.run}`).not.toContain("${{");
      }
    }
  });

  it("pins every action by full commit SHA with its tag in a comment", () => {
    for (const file of workflowFiles) {
      const uses = workflowText(file)
        .split("\n")
        .filter((line) => /^\s*(-\s+)?uses:/.test(line));
      expect(uses.length).toBeGreaterThan(0);
      for (const line of uses) expect(line, file).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/);
    }
  });

  it("runs on a supported Node (22 or 24; 20 is end of life)", () => {
    for (const file of workflowFiles) {
      for (const job of Object.values(workflow(file).jobs)) {
        for (const step of job.steps.filter((s) => s.uses?.startsWith("actions/setup-node@")))
          expect([22, 24]).toContain(step.with?.["node-version"]);
      }
    }
  });
});

/** A repository with tooling beside its policies and a CODEOWNERS whose hand-written section is `section`. */
function repoWithTooling(section: string[]): {
  repo: TempRepo;
  codeowners: string;
  owners: (...flags: string[]) => ReturnType<typeof runCli>;
} {
  const repo = policyRepo();
  for (const file of [
    "src/index.ts",
    "schemas/policy.schema.json",
    "templates/page.hbs",
    "scripts/check-pr.sh",
    ".github/workflows/policy-check.yml",
    "package.json",
    "package-lock.json",
  ]) {
    mkdirSync(path.dirname(path.join(repo.dir, file)), { recursive: true });
    writeFileSync(path.join(repo.dir, file), "{}\n");
  }
  const codeowners = path.join(repo.dir, ".github/CODEOWNERS");
  writeFileSync(codeowners, [handWrittenBegin, ...section, handWrittenEnd, ""].join("\n"));
  repo.commit("tooling");
  return { repo, codeowners, owners: (...flags) => runCli(["owners", "--policies", repo.policies, "--out", codeowners, ...flags]) };
}

describe("3. every tracked path has an owner, the tooling included", () => {
  it("--check fails naming the tracked paths without an owner (src/, schemas/, .github/, package.json...)", async () => {
    const { owners } = repoWithTooling(["/src/ @northwind/it"]);
    await owners();
    const run = await owners("--check");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("tracked path(s) have no owner:");
    for (const file of [
      ".github/CODEOWNERS",
      ".github/workflows/policy-check.yml",
      "package.json",
      "package-lock.json",
      "schemas/policy.schema.json",
      "scripts/check-pr.sh",
      "templates/page.hbs",
    ])
      expect(run.stderr).toContain(JSON.stringify(file));
    expect(run.stderr).not.toContain('"src/index.ts"');
  });

  it("keeps the hand-written section when it regenerates the policy lines, and passes once every path has an owner", async () => {
    const section = ["# tooling: IT", "* @northwind/it", "/src/ @northwind/it", "/.github/ @northwind/it"];
    const { codeowners, owners } = repoWithTooling(section);
    const write = await owners();
    expect(write.code).toBe(0);
    const text = readFileSync(codeowners, "utf8");
    expect(text).toContain([handWrittenBegin, ...section, handWrittenEnd].join("\n"));
    expect(text).toContain("/policies/retention-schedule.yaml @northwind/legal @northwind/it\n");
    const check = await owners("--check");
    expect(check.stderr).toBe("");
    expect(check.code).toBe(0);
  });

  it("a later hand-written line without owners takes them away again, and lines GitHub would skip are reported", async () => {
    const { owners } = repoWithTooling([
      "* @northwind/it",
      "/src/",
      "!/scripts/ @northwind/it",
      "/schemas/[a-z]* @northwind/it",
      "/templates/ @northwind/it # inline comment",
    ]);
    await owners();
    const run = await owners("--check");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('1 tracked path(s) have no owner: "src/index.ts"');
    expect(run.stderr).toContain("!/scripts/: CODEOWNERS does not support `!` negation; GitHub skips this line");
    expect(run.stderr).toContain("/schemas/[a-z]*: CODEOWNERS does not support `[ ]` ranges");
    expect(run.stderr).toContain('"#" is not an owner');
  });

  it("writes a pattern GitHub can read for a policy whose name has a space or a #, owned by its metadata.owners", async () => {
    const { repo, codeowners, owners } = repoWithTooling(["* @northwind/it"]);
    repo.git("mv", "policies/scoring-model.yaml", "policies/scoring #1 model.yaml");
    repo.commit("odd name");
    await owners();
    const { rules, problems } = parseCodeowners(readFileSync(codeowners, "utf8"));
    expect(problems).toEqual([]);
    expect(ruleFor(rules, "policies/scoring #1 model.yaml")?.owners).toEqual(["@northwind/marketing-ops", "@northwind/sales-ops"]);
    expect((await owners("--check")).code).toBe(0);
  });

  it("names a team for the code and tooling in the committed CODEOWNERS, not only the catch-all", () => {
    const { rules, problems } = parseCodeowners(readFileSync(path.join(repoRoot, ".github/CODEOWNERS"), "utf8"));
    expect(problems).toEqual([]);
    for (const file of [
      "src/index.ts",
      "schemas/policy.schema.json",
      "templates/page.md.hbs",
      "scripts/check-pr.sh",
      ".github/workflows/policy-check.yml",
      ".github/CODEOWNERS",
      "package.json",
      "package-lock.json",
      "bin/leadrules.js",
    ]) {
      const rule = ruleFor(rules, file);
      expect(rule?.pattern, file).not.toBe("*");
      expect(rule?.owners, file).toEqual(["@northwind/it"]);
    }
  });

  it("finds the hand-written section in a CRLF checkout, and refuses to guess when a marker is missing", () => {
    expect(handWrittenSection(["# x", handWrittenBegin, "* @northwind/it", handWrittenEnd, ""].join("\r\n"))).toEqual({
      lines: ["* @northwind/it"],
    });
    expect(handWrittenSection([handWrittenBegin, "* @northwind/it"].join("\n")).error).toContain(
      "exactly one begin marker followed by one end marker",
    );
  });

  it("reads patterns as GitHub does", () => {
    const { rules } = parseCodeowners(["*.md @a", "/docs/* @b", "logs/ @c", "/build @d", "/* @e", "**/deep/x @f"].join("\n"));
    const owner = (file: string) => ruleFor(rules, file)?.owners[0];
    expect(owner("README.md")).toBe("@e"); // root files: `/*`
    expect(owner("a/b/notes.md")).toBe("@a");
    expect(owner("docs/guide.txt")).toBe("@b");
    expect(owner("docs/sub/guide.txt")).toBeUndefined(); // `docs/*` does not own nested files
    expect(owner("src/logs/today.txt")).toBe("@c"); // `logs/` anywhere
    expect(owner("build/out/x.js")).toBe("@d");
    expect(owner("rebuild/x.js")).toBeUndefined();
    expect(owner("a/deep/x")).toBe("@f");
    expect(owner("deep/x")).toBe("@f");
  });
});

describe("3. (found by the adversarial test) removals and every kind of change reach the gate", () => {
  it("fails --check when a base policy is deleted or moved where the policies folder does not read it", async () => {
    // The nurture programs read the routing's calendars and rules: they go with it, or the head is invalid first.
    const withRouting = ["policies/nurture-programs.yaml", "policies/tests/nurture.test.yaml"];
    const deleted = policyRepo();
    deleted.git("rm", "-q", "policies/routing.yaml", "policies/tests/routing.test.yaml", ...withRouting);
    const run = await runCli(["diff", "--policies", deleted.policies, "--base", "main", "--check", "--format", "text", "--quiet"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("the Routing policy lead-routing 2.2.0 was removed");
    expect(run.stdout).toContain("change control: FAIL");

    const moved = policyRepo();
    mkdirSync(path.join(moved.policies, "archive"));
    moved.git("mv", "policies/routing.yaml", "policies/archive/routing.yaml");
    moved.git("rm", "-q", "policies/tests/routing.test.yaml", ...withRouting);
    moved.commit("archive routing");
    const againstBase = await runCli([
      "diff",
      "--policies",
      moved.policies,
      "--base",
      "HEAD~1",
      "--head",
      "HEAD",
      "--check",
      "--format",
      "json",
      "--quiet",
    ]);
    expect(againstBase.code).toBe(1);
    const report = JSON.parse(againstBase.stdout) as { policies: { kind: string; actualBump: string }[] };
    expect(report.policies.find((p) => p.kind === "Routing")?.actualBump).toBe("removed");
  });

  it("reports a change to score decay as a behaviour change needing MINOR (no internal error)", async () => {
    const repo = policyRepo();
    repo.edit(
      "scoring-model.yaml",
      "decay: { fact: lastActivityAt, everyDays: 30, points: 10 }",
      "decay: { fact: lastActivityAt, everyDays: 30, points: 11 }",
    );
    const run = await runCli(["diff", "--policies", repo.policies, "--base", "main", "--check", "--format", "text", "--quiet"]);
    expect(run.stderr).not.toContain("internal error");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("decay.points +10 -> +11");
    expect(run.stderr).toContain("needs at least 3.3.0 (MINOR)");
  });
});

describe("3. every one-value edit of a bundled policy reaches the gate (found by the adversarial test: a decay edit crashed it)", () => {
  it("an edit of any number or yes/no in any policy is reported with a bump it needs, never thrown", async () => {
    const { validatePolicyDirectory } = await import("../../src/index.js");
    const { diffPolicySets } = await import("../../src/diff/semantic-diff.js");
    const { requiredBump } = await import("../../src/diff/gates.js");
    const base = validatePolicyDirectory(path.join(repoRoot, "policies")).set;
    let edits = 0;
    for (const policy of base.policies) {
      // Every number or boolean under spec, by its path; each edited alone in a copy of the document.
      const leaves: (string | number)[][] = [];
      const walk = (node: unknown, at: (string | number)[]) => {
        if (typeof node === "number" || typeof node === "boolean") leaves.push(at);
        else if (Array.isArray(node)) node.forEach((v, i) => walk(v, [...at, i]));
        else if (node && typeof node === "object") for (const [k, v] of Object.entries(node)) walk(v, [...at, k]);
      };
      walk(policy.document.spec, []);
      for (const leaf of leaves) {
        const spec = structuredClone(policy.document.spec) as Record<string | number, unknown>;
        const parent = leaf
          .slice(0, -1)
          .reduce<Record<string | number, unknown>>((node, key) => node[key] as Record<string | number, unknown>, spec);
        const key = leaf.at(-1)!;
        parent[key] = typeof parent[key] === "boolean" ? !parent[key] : (parent[key] as number) + 1;
        const edited = { ...policy, document: { ...policy.document, spec } } as typeof policy;
        const head = {
          ...base,
          policies: base.policies.map((p) => (p === policy ? edited : p)),
          byKind: { ...base.byKind, [policy.document.kind]: edited },
        };
        const change = diffPolicySets(base, head, new Map()).find((c) => c.file === policy.file)!;
        expect(requiredBump(change), `${policy.file} ${leaf.join(".")}`).not.toBe("none");
        edits++;
      }
    }
    expect(edits).toBeGreaterThan(100);
  });
});

describe("3. (found in review) a CODEOWNERS line of repeated **/ cannot stall owners --check", () => {
  it("twelve **/ in a row match a path forty folders deep at once", () => {
    const { rules } = parseCodeowners(`${"**/".repeat(12)}zz @org/it\n`);
    const deepPath = `${Array.from({ length: 40 }, (_, i) => `d${i}`).join("/")}/file.yaml`;
    expect(ruleFor(rules, deepPath)).toBeUndefined();
    expect(ruleFor(rules, "a/b/zz")?.owners).toEqual(["@org/it"]);
  });
});
