/**
 * Where an output may not go, whatever the command: inside a `.git` folder
 * (writing .git/HEAD breaks the repository) or inside a folder the command
 * reads (the policies and their hand-written tests). Paths are compared with
 * links resolved, so a link to the folder does not get around it.
 */
import { realpathSync } from "node:fs";
import path from "node:path";
import { isSameOrInside } from "../load/input-file.js";

/** The absolute path with every link resolved, for the part of it that exists; the rest is appended as written. */
export function realPath(file: string): string {
  const absolute = path.resolve(file);
  try {
    return realpathSync(absolute);
  } catch {
    const parent = path.dirname(absolute);
    return parent === absolute ? absolute : path.join(realPath(parent), path.basename(absolute));
  }
}

/** Whether a path, as written or with links resolved, goes through a folder named `.git`. */
export function isInGitFolder(file: string): boolean {
  return [path.resolve(file), realPath(file)].some((p) => p.split(path.sep).includes(".git"));
}

/** Whether `file` is `folder` or inside it, links resolved. */
export function isInsideOrSame(file: string, folder: string): boolean {
  return isSameOrInside(realPath(file), realPath(folder));
}
