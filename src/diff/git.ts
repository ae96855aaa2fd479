/**
 * The only module that talks to git. Policies of a version are read straight
 * from git objects (no checkout, so a dirty working tree is fine). Refs are
 * validated before use: anything that looks like an option is refused, and
 * every ref is resolved with `--end-of-options` so git never parses it as one.
 * Every listing is read with `-z` (NUL-separated, never quoted): without it git
 * quotes names with non-ASCII bytes, quotes or newlines, and a quoted base
 * policy would drop out of the comparison unseen. Contents are read by object
 * id with `cat-file blob`, so no path is parsed twice and no textconv applies.
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
  /** Every path in the index (what a commit would hold), relative to the root. */
  trackedFiles(): Promise<string[]>;
  /** The tracked paths whose content differs between a commit and the working tree, a rename as both its paths. */
  changedFiles(since: GitVersion): Promise<string[]>;
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
    // Only the final newline: a folder name may end in spaces.
    root = (await git.raw(["rev-parse", "--show-toplevel"])).replace(/\n$/, "");
  } catch {
    throw new UsageError(
      `${directory} is not inside a git repository`,
      "Run leadrules inside the git repository that holds the policies (diff and owners read it).",
    );
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
      const entries = await listTree(git, version.commit, prefix);
      const files: PolicyFile[] = [];
      for (const entry of entries
        .filter((e) => isPolicyFileName(e.path))
        .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
        if (entry.type !== "blob") continue; // a folder or submodule named like a policy is not one
        if (entry.mode === symlinkMode) {
          throw new UsageError(
            `${JSON.stringify(entry.path)} is a symbolic link in ${version.ref}`,
            "Policies under version control must be regular files; replace the link with the file.",
          );
        }
        files.push({ file: entry.path, text: await readBlob(git, entry.object) });
      }
      return files;
    },
    async readFile(version, file) {
      const slash = file.lastIndexOf("/");
      const entry = (await listTree(git, version.commit, file.slice(0, slash + 1))).find((e) => e.path === file);
      return entry?.type === "blob" ? readBlob(git, entry.object) : undefined;
    },
    async trackedFiles() {
      return (await git.raw(["ls-files", "-z", "--full-name"])).split("\0").filter(Boolean);
    },
    async changedFiles(since) {
      // --no-renames: a moved file changes two paths, and the owners of the old one must see it go.
      return (await git.raw(["diff", "-z", "--name-only", "--no-renames", since.commit, "--"])).split("\0").filter(Boolean);
    },
  };
}

interface TreeEntry {
  mode: string;
  type: string;
  object: string;
  /** Relative to the repository root, exactly as stored (no quoting). */
  path: string;
}

const symlinkMode = "120000";

/** The entries directly inside one folder (`""`: the root, else ending in "/") of a commit's tree; none when it does not exist. */
async function listTree(git: SimpleGit, commit: string, folder: string): Promise<TreeEntry[]> {
  // `<commit>:<folder>` names the folder's tree by its literal path: no pathspec, so no glob characters.
  let listing: string;
  try {
    listing = await git.raw(["ls-tree", "-z", folder ? `${commit}:${folder.slice(0, -1)}` : commit]);
  } catch {
    return [];
  }
  const entries: TreeEntry[] = [];
  for (const record of listing.split("\0")) {
    if (record === "") continue;
    // "<mode> SP <type> SP <object> TAB <name>": the name is everything after the first tab.
    const tab = record.indexOf("\t");
    const [mode = "", type = "", object = ""] = record.slice(0, tab).split(" ");
    entries.push({ mode, type, object, path: folder + record.slice(tab + 1) });
  }
  return entries;
}

async function readBlob(git: SimpleGit, object: string): Promise<string> {
  return git.raw(["cat-file", "blob", object]);
}
