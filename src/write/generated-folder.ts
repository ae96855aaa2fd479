/**
 * Folders of generated files (compile's rule sets, the docs' Markdown and
 * site). Each carries a manifest of the files leadrules wrote there, and a run
 * replaces and prunes only those: a folder that holds anything else, a git
 * repository or the policies themselves is refused before anything is
 * written. Symbolic links are never followed, neither when listing nor when
 * removing, so nothing outside the folder can be reached through one.
 */
import { lstatSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { UsageError } from "../diagnostics/index.js";
import { cannotWrite } from "./output-errors.js";
import { writeFileAtomically } from "./write-files.js";
import { isInGitFolder, isInsideOrSame, realPath } from "./output-places.js";

/** Lists, relative to its folder and sorted, the files leadrules wrote there. Part of the generated set. */
export const manifestName = ".leadrules-manifest.json";

export interface GeneratedFolder {
  directory: string;
  /** Relative POSIX path -> content, without the manifest. */
  files: ReadonlyMap<string, string>;
}

export interface WriteReport {
  written: string[];
  removed: string[];
}

/** The files of a generated folder with its manifest, as they are written and as `--check` expects them. */
export function withManifest(files: ReadonlyMap<string, string>, writer: string): Map<string, string> {
  const manifest = { generatedBy: writer, files: [...files.keys()].sort() };
  return new Map([...files, [manifestName, `${JSON.stringify(manifest, null, 2)}\n`]]);
}

export interface FolderEntry {
  /** Relative POSIX path. */
  path: string;
  kind: "file" | "directory" | "link" | "other";
}

/** Everything under a folder (nothing if it does not exist), sorted; symbolic links are listed, not followed. */
export function listEntries(directory: string): FolderEntry[] {
  const entries: FolderEntry[] = [];
  const walk = (relative: string) => {
    let names;
    try {
      names = readdirSync(path.join(directory, relative), { withFileTypes: true });
    } catch {
      return;
    }
    for (const dirent of names.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const entry = relative ? `${relative}/${dirent.name}` : dirent.name;
      // Dirent types come from the directory itself (lstat semantics): a link to a folder is a link.
      const kind = dirent.isSymbolicLink() ? "link" : dirent.isDirectory() ? "directory" : dirent.isFile() ? "file" : "other";
      entries.push({ path: entry, kind });
      if (kind === "directory") walk(entry);
    }
  };
  walk("");
  return entries;
}

/**
 * Refuses an output folder that is (or holds) a git repository's root or a
 * protected input folder such as the policies: pruning it would delete them.
 * Inside a .git folder or inside the policies, new files would corrupt the
 * repository or be read as policies.
 */
export function assertSafeOutputFolder(directory: string, protect: readonly string[]): void {
  let isGitRoot: boolean;
  try {
    const stat = statSync(directory, { throwIfNoEntry: false });
    if (stat && !stat.isDirectory()) throw Object.assign(new Error("not a folder"), { code: "ENOTDIR" });
    isGitRoot = lstatSync(path.join(directory, ".git"), { throwIfNoEntry: false }) !== undefined;
  } catch (error) {
    throw cannotWrite(directory, error);
  }
  if (isGitRoot) {
    throw new UsageError(
      `refusing to write generated files into ${directory}: it is the root of a git repository`,
      "Pass an --out folder of its own, such as generated/.",
    );
  }
  if (isInGitFolder(directory)) {
    throw new UsageError(
      `refusing to write generated files into ${directory}: it is inside a .git folder`,
      "Pass an --out folder of its own, such as generated/.",
    );
  }
  const target = realPath(directory);
  if (target === path.parse(target).root) {
    throw new UsageError(
      `refusing to write generated files into ${directory}: it is the root of the file system`,
      "Pass an --out folder of its own, such as generated/.",
    );
  }
  for (const input of protect) {
    const source = realPath(input);
    if (isInsideOrSame(source, target)) {
      throw new UsageError(
        `refusing to write generated files into ${directory}: it holds ${input}`,
        "Pass an --out folder of its own, such as generated/.",
      );
    }
    if (isInsideOrSame(target, source)) {
      throw new UsageError(
        `refusing to write generated files into ${directory}: it is inside ${input}`,
        "Pass an --out folder of its own, such as generated/.",
      );
    }
  }
}

/**
 * Writes every folder's files and manifest and removes the files its previous
 * manifest listed that are no longer produced. All folders are checked before
 * any is written, so a refusal leaves everything as it was.
 */
export function writeGeneratedFolders(
  folders: readonly GeneratedFolder[],
  options: { writer: string; protect: readonly string[] },
): WriteReport[] {
  const previous = folders.map((folder) => {
    assertSafeOutputFolder(folder.directory, options.protect);
    return checkOwnership(folder.directory, options.writer);
  });
  return folders.map((folder, i) => {
    const before = previous[i]!;
    const kept = new Set(folder.files.keys());
    // The manifest first lists old and new files together, so an interrupted run leaves a folder the next run still owns.
    const union = new Map([...before].filter((file) => !kept.has(file)).map((file) => [file, ""]));
    for (const file of kept) union.set(file, "");
    writeFileAtomically(path.join(folder.directory, manifestName), withManifest(union, options.writer).get(manifestName)!);
    const written: string[] = [];
    for (const [relative, content] of [...folder.files].sort(([a], [b]) => (a < b ? -1 : 1))) {
      writeFileAtomically(path.join(folder.directory, relative), content);
      written.push(relative);
    }
    const removed = [...before].filter((file) => !kept.has(file)).sort();
    for (const file of removed) removeFile(folder.directory, file);
    writeFileAtomically(path.join(folder.directory, manifestName), withManifest(folder.files, options.writer).get(manifestName)!);
    return { written, removed };
  });
}

/**
 * The files the folder's manifest lists that are still there as plain files;
 * refuses a folder holding anything else (an empty one is fine).
 */
function checkOwnership(directory: string, writer: string): Set<string> {
  const entries = listEntries(directory);
  const manifestEntry = entries.find((e) => e.path === manifestName && e.kind === "file");
  const manifest = manifestEntry ? readManifest(directory) : undefined;
  if (manifest && manifest.generatedBy !== writer) {
    throw new UsageError(
      `refusing to write into ${directory}: it holds the output of \`${manifest.generatedBy}\``,
      "Give each command its own --out folder.",
    );
  }
  const listed = new Set(manifest?.files ?? []);
  for (const entry of entries) {
    if (entry.kind === "directory" || (entry.kind === "file" && (entry.path === manifestName || listed.has(entry.path)))) continue;
    const what = entry.kind === "link" ? "a symbolic link" : entry.kind === "other" ? "a special file" : "a file";
    throw new UsageError(
      `refusing to write into ${directory}: it holds ${entry.path}, ${what} leadrules did not write`,
      manifest
        ? `leadrules only replaces or removes the files listed in ${manifestName}; pass an empty or new --out folder, or remove what is there yourself.`
        : `The folder has no ${manifestName}, so leadrules did not write it (or an older leadrules did: remove the folder and run again); pass an empty or new --out folder.`,
    );
  }
  return new Set(entries.filter((e) => e.kind === "file" && listed.has(e.path)).map((e) => e.path));
}

function readManifest(directory: string): { generatedBy: string; files: string[] } {
  const file = path.join(directory, manifestName);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    value = undefined;
  }
  const manifest = value as { generatedBy?: unknown; files?: unknown } | undefined;
  if (typeof manifest?.generatedBy !== "string" || !Array.isArray(manifest.files) || !manifest.files.every((f) => typeof f === "string")) {
    throw new UsageError(
      `refusing to write into ${directory}: ${manifestName} is not a leadrules manifest`,
      "Pass an empty or new --out folder, or remove the folder yourself.",
    );
  }
  return { generatedBy: manifest.generatedBy, files: manifest.files as string[] };
}

/** Removes one listed plain file (never a link or a folder), then the folders it leaves empty. */
function removeFile(directory: string, relative: string): void {
  const full = path.join(directory, relative);
  if (!lstatSync(full, { throwIfNoEntry: false })?.isFile()) return;
  try {
    rmSync(full);
  } catch (error) {
    throw cannotWrite(full, error);
  }
  for (let parent = path.posix.dirname(relative); parent !== "."; parent = path.posix.dirname(parent)) {
    try {
      rmdirSync(path.join(directory, parent));
    } catch {
      break;
    }
  }
}
