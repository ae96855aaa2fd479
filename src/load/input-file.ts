/**
 * The one check every input file passes before it is read: a regular file
 * (not a folder, FIFO, device, socket, nor a kernel file such as
 * /proc/self/environ whose size is made up), within a size limit, and, for a
 * file found in a folder, no symbolic link leading out of that folder. A file
 * that fails is a UsageError naming it (exit 2). Nothing is opened that could
 * block (a FIFO) or grow without bound (/dev/zero).
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync, realpathSync, statSync, type Stats } from "node:fs";
import path from "node:path";
import { UsageError } from "../diagnostics/index.js";

/** Policy and test files are hand-written YAML; the largest real ones are tens of kilobytes. */
export const maxPolicyFileBytes = 2 * 1024 * 1024;

export interface InputFileRules {
  /** What the file is, for messages: "policy file", "lead file". */
  what: string;
  /** A folder the file must stay inside, symbolic links resolved. */
  insideFolder?: string;
  /** Largest size in bytes. */
  limit?: number;
}

/** Throws a UsageError unless `file` is a regular file that may be read under `rules`. */
export function assertInputFile(file: string, rules: InputFileRules): void {
  const problem = inputFileProblem(file, rules);
  if (problem) throw inputError(file, rules, problem);
}

/** The text of a checked input file, read from one descriptor that is checked again, so a swap in between is caught. */
export function readInputFile(file: string, rules: InputFileRules): string {
  return readInputBytes(file, rules).toString("utf8");
}

/** The bytes of a checked input file (a spreadsheet), read as `readInputFile` reads text. */
export function readInputBytes(file: string, rules: InputFileRules): Buffer {
  assertInputFile(file, rules);
  let fd: number;
  try {
    // Non-blocking: had the file become a FIFO since the check, opening it would wait for a writer.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw inputError(file, rules, systemReason(error));
  }
  try {
    const stat = fstatSync(fd);
    const problem = typeProblem(stat) ?? sizeProblem(stat.size, rules.limit);
    if (problem) throw inputError(file, rules, problem);
    // One byte more than the size: a file that yields more than it claims is not a regular file (or is changing).
    const buffer = Buffer.alloc(stat.size + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read)
      read = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > stat.size) throw inputError(file, rules, "changed while it was read, or is not a regular file");
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw inputError(file, rules, systemReason(error));
  } finally {
    closeSync(fd);
  }
}

function inputFileProblem(file: string, rules: InputFileRules): string | undefined {
  let link: Stats;
  try {
    link = lstatSync(file);
  } catch (error) {
    return systemReason(error);
  }
  if (link.isSymbolicLink()) {
    const target = readlinkSync(file);
    try {
      realpathSync(file);
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === "ELOOP"
        ? `it is a symbolic link loop (${target})`
        : `it is a symbolic link to ${target}, which does not exist`;
    }
  }
  const outside = linkOutProblem(file, rules);
  if (outside) return outside;
  let stat: Stats;
  try {
    stat = statSync(file);
  } catch (error) {
    return systemReason(error);
  }
  return typeProblem(stat) ?? sizeProblem(stat.size, rules.limit) ?? (stat.size === 0 ? pseudoFileProblem(file) : undefined);
}

/**
 * A file found in a folder must resolve inside it, whether the file is a link
 * or one of its folders is (a `tests/` or `samples/` linked elsewhere): the
 * message names the link that leads out.
 */
function linkOutProblem(file: string, rules: InputFileRules): string | undefined {
  if (rules.insideFolder === undefined) return undefined;
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    // A missing file or folder is reported by the checks that follow.
    return undefined;
  }
  const root = realpathSync(rules.insideFolder);
  if (isSameOrInside(real, root)) return undefined;
  const link = linkLeadingOut(file, rules.insideFolder, root) ?? file;
  const subject = path.resolve(link) === path.resolve(file) ? "it" : `its folder ${displayPath(link)}`;
  const target = lstatSync(link).isSymbolicLink() ? ` a symbolic link to ${readlinkSync(link)},` : "";
  return `${subject} is${target} outside ${rules.insideFolder}; ${rules.what}s must be inside it`;
}

/** Whether the resolved path `inner` is the resolved `folder` or inside it (right for `/` too). */
export function isSameOrInside(inner: string, folder: string): boolean {
  const relative = path.relative(folder, inner);
  return relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/** The first path on the way from `folder` down to `file` that is a symbolic link resolving outside `root`. */
function linkLeadingOut(file: string, folder: string, root: string): string | undefined {
  let at = path.resolve(folder);
  for (const part of path.relative(at, path.resolve(file)).split(path.sep)) {
    at = path.join(at, part);
    if (!lstatSync(at, { throwIfNoEntry: false })?.isSymbolicLink()) continue;
    if (!isSameOrInside(realpathSync(at), root)) return at;
  }
  return undefined;
}

/** Why a file (by `stat`, or by `lstat` for an output path) is not a regular file; nothing when it is one. */
export function typeProblem(stat: Stats): string | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isSymbolicLink()) return "it is a symbolic link, not a regular file";
  if (stat.isDirectory()) return "it is a folder, not a file";
  if (stat.isFIFO()) return "it is a named pipe (FIFO), not a regular file";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "it is a device, not a regular file";
  if (stat.isSocket()) return "it is a socket, not a regular file";
  return "it is not a regular file";
}

function sizeProblem(size: number, limit: number | undefined): string | undefined {
  if (limit === undefined || size <= limit) return undefined;
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, "")} MiB`;
  return `it is ${mib(size)}, over the limit of ${mib(limit)}`;
}

/** Kernel files (/proc, /sys) report a size of 0 yet have content; an empty regular file yields nothing. */
function pseudoFileProblem(file: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    if (readSync(fd, Buffer.alloc(1), 0, 1, null) === 0) return undefined;
  } catch (error) {
    return systemReason(error);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return "it is a kernel file (such as /proc), not a regular file";
}

function systemReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return "it does not exist";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ENOTDIR") return "a part of the path is a file, not a folder";
  if (code === "ELOOP") return "the path has too many symbolic links";
  if (code === "EISDIR") return "it is a folder, not a file";
  return error instanceof Error ? error.message : String(error);
}

function inputError(file: string, rules: InputFileRules, reason: string): UsageError {
  const shown = displayPath(file);
  return new UsageError(`cannot read ${rules.what} ${shown}: ${reason}`, `Each ${rules.what} must be a plain file you can read.`, [
    { code: "input/unreadable", severity: "error", message: `${shown}: ${reason}`, location: { file: shown } },
  ]);
}

/** Relative to the working directory, with forward slashes, so output is the same on every machine. */
export function displayPath(absoluteOrRelative: string): string {
  const relative = path.relative(process.cwd(), path.resolve(absoluteOrRelative));
  return (relative.startsWith("..") ? path.resolve(absoluteOrRelative) : relative).split(path.sep).join("/");
}
