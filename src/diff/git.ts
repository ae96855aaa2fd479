/**
 * The only module that talks to git. Policies of a version are read straight
 * from git objects (no checkout, so a dirty working tree is fine). Refs are
 * validated before use: anything that looks like an option is refused, and
 * every ref is resolved with `--end-of-options` so git never parses it as one.
 */
import path from "node:path";
import { simpleGit, type SimpleGit } from "simple-git";
import { UsageError } from "../diagnostics/index.js";
import { isPolicyFileName, type PolicyFile } from "../load/read-policy-files.js";

export interface GitVersion {
  /** The ref as the user gave it. */
  ref: string;
  commit: string;
}

export interface PolicyRepository {
  root: string;
  resolve(ref: string): Promise<GitVersion>;
  /** Top-level policy files of a folder (relative to the repository root) at a commit. */
  readPolicies(version: GitVersion, directory: string): Promise<PolicyFile[]>;
  /** One file at a commit, or undefined when it does not exist there. */
  readFile(version: GitVersion, file: string): Promise<string | undefined>;
}

/** Refs are names, hashes or rev expressions; never options, never whitespace or control characters. */
export function checkRefSyntax(ref: string): void {
  if (ref === "" || ref.startsWith("-") || /[\s\x00-\x1f\x7f]/.test(ref) || ref.includes("..")) {
    throw new UsageError(`not a valid git ref: "${ref}"`, "Give a branch, tag or commit, e.g. --base origin/main.");
  }
}

export async function openPolicyRepository(directory: string): Promise<PolicyRepository> {
  let git: SimpleGit;
  let root: string;
  try {
    git = simpleGit({ baseDir: path.resolve(directory) });
    root = (await git.revparse(["--show-toplevel"])).trim();
  } catch {
    throw new UsageError(`${directory} is not inside a git repository`, "Run diff inside the repository that holds the policies.");
  }
  git = simpleGit({ baseDir: root });
  return {
    root,
    async resolve(ref) {
      checkRefSyntax(ref);
      try {
        const commit = (await git.raw(["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`])).trim();
        if (/^[0-9a-f]{40,64}$/.test(commit)) return { ref, commit };
      } catch {
        // fall through to the usage error
      }
      throw new UsageError(`unknown git ref: "${ref}"`, "Check the branch, tag or commit name (git branch -a, git log).");
    },
    async readPolicies(version, directory) {
      const prefix = directory === "." || directory === "" ? "" : `${directory.replace(/\/+$/, "")}/`;
      const listing = await git.raw(["ls-tree", "--name-only", version.commit, "--", prefix || "."]);
      const names = listing
        .split("\n")
        .filter(Boolean)
        .filter((name) => name.startsWith(prefix) && !name.slice(prefix.length).includes("/") && isPolicyFileName(name))
        .sort();
      const files: PolicyFile[] = [];
      for (const name of names) files.push({ file: name, text: await git.show([`${version.commit}:${name}`]) });
      return files;
    },
    async readFile(version, file) {
      try {
        return await git.show([`${version.commit}:${file}`]);
      } catch {
        return undefined;
      }
    },
  };
}
