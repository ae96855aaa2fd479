/**
 * Issue #17, class "the change-control gate and the CI workflow":
 * finding 3 (a `diff --check` bypass through base policy files whose names git
 * quotes; tooling paths without owners) and finding 12 (workflow hardening:
 * permissions per job, no PR code with trust, pinned actions, no expressions
 * inside `run:`).
 */
import { readFileSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { runCli } from "../helpers/cli.js";
import { policyRepo, type TempRepo } from "../helpers/git-repo.js";

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
      expect(run.stderr).toContain("a behaviour change without the version bump it needs: 3.1.0 -> 3.1.0, needs at least 3.2.0 (MINOR)");
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
    const run = await runCli(["diff", "--policies", folder, "--base", "main", "--head", "change", "--check", "--format", "json", "--quiet"]);
    expect(run.stderr).toContain("needs at least 3.2.0 (MINOR)");
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
    expect(run.stderr).toBe('error: "policies/scoring-model.yaml" is a symbolic link in main\nhint: Policies under version control must be regular files; replace the link with the file.\n');
    expect(run.code).toBe(2);
  });
});
