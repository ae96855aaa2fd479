/** Real temporary git repositories holding a copy of the bundled policies. */
import { execFileSync } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { bundledPolicies, makeTempDir } from "./policy-fixtures.js";

export interface TempRepo {
  dir: string;
  policies: string;
  git(...args: string[]): string;
  edit(file: string, from: string, to: string): void;
  commit(message: string): void;
}

export function policyRepo(): TempRepo {
  const dir = makeTempDir("leadrules-git-");
  const policies = path.join(dir, "policies");
  cpSync(bundledPolicies, policies, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: dir,
      encoding: "utf8",
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "t",
        GIT_AUTHOR_EMAIL: "t@example.invalid",
        GIT_COMMITTER_NAME: "t",
        GIT_COMMITTER_EMAIL: "t@example.invalid",
      },
    });
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-q", "-m", "policies");
  return {
    dir,
    policies,
    git,
    edit(file, from, to) {
      const full = path.join(policies, file);
      const text = readFileSync(full, "utf8");
      if (!text.includes(from)) throw new Error(`${file} has no ${JSON.stringify(from)}`);
      writeFileSync(full, text.replace(from, to));
    },
    commit(message) {
      git("add", "-A");
      git("commit", "-q", "-m", message);
    },
  };
}
