/**
 * The cache folder: where results worth keeping between runs go (validated policy sets), and the only code
 * that reads and writes it. A cache is an optimisation, never a source of errors: a folder that cannot be
 * made or is not safely ours, a file that cannot be read or written, all mean "no cache", silently.
 *
 * Where: `LEADRULES_CACHE_DIR` when set; else `node_modules/.cache/leadrules` when the current folder has a
 * node_modules (where build tools keep their caches, removed with it); else a folder of this user's own in
 * the OS temporary folder. `LEADRULES_CACHE=off` (or `0`, `false`, `no`) turns the cache off.
 */
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { createTemporaryFile, releaseTemporaryFile, removeTemporaryFile } from "./temporary-files.js";

/** Whether the environment turns the cache off. */
export function cacheTurnedOff(env: NodeJS.ProcessEnv = process.env): boolean {
  return /^(off|0|false|no)$/i.test(env.LEADRULES_CACHE?.trim() ?? "");
}

/** The cache folder to use, made if needed; null when the cache is off or no safe folder can be had. */
export function cacheFolder(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string | null {
  if (cacheTurnedOff(env)) return null;
  try {
    const chosen = env.LEADRULES_CACHE_DIR?.trim();
    if (chosen) return ownFolder(path.resolve(cwd, chosen), { shared: false });
    const modules = path.join(cwd, "node_modules");
    if (isFolder(modules)) return ownFolder(path.join(modules, ".cache", "leadrules"), { shared: false });
    return ownFolder(path.join(tmpdir(), `leadrules-cache-${userName()}`), { shared: true });
  } catch {
    return null;
  }
}

/**
 * Makes `folder` if needed; it must be a real folder, not a link to one (entries are only ever looked up inside
 * it). One in the shared temporary folder must also be this user's and closed to others: anyone can create a
 * name there first, and a folder someone else controls could hand us planted entries.
 */
function ownFolder(folder: string, options: { shared: boolean }): string | null {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const stat = lstatSync(folder);
  if (!stat.isDirectory()) return null;
  if (options.shared && process.getuid && (stat.uid !== process.getuid() || (stat.mode & 0o077) !== 0)) return null;
  return folder;
}

function isFolder(file: string): boolean {
  // stat, not lstat: a node_modules that is a link (a workspace, a worktree) is still the project's.
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function userName(): string {
  const uid = process.getuid?.();
  if (uid !== undefined) return String(uid);
  try {
    return userInfo().username.replace(/[^A-Za-z0-9_.-]/g, "_") || "user";
  } catch {
    return "user";
  }
}

/** The names of entries: made by the cache's own code, never from input, so never a path. */
function assertEntryName(name: string): void {
  if (!/^[A-Za-z0-9_.-]+$/.test(name) || name.startsWith(".")) throw new Error(`not a cache entry name: ${name}`);
}

/**
 * The bytes of an entry, or undefined when there is none or it cannot be read. A link is not followed
 * (O_NOFOLLOW), and only a regular file within `maxBytes` is read.
 */
export function readCacheEntry(folder: string, name: string, maxBytes: number): Buffer | undefined {
  assertEntryName(name);
  let fd: number;
  try {
    fd = openSync(path.join(folder, name), constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch {
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > maxBytes) return undefined;
    const buffer = Buffer.alloc(stat.size);
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read)
      read = readSync(fd, buffer, length, buffer.length - length, null);
    return length === stat.size ? buffer : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes an entry atomically: an exclusive temporary file beside it (never a planted link), renamed over the
 * old entry (a link there is replaced, not followed). Readers see the old entry or the new one, never half of
 * one. Any failure (a read-only folder, a full disk) leaves the cache as it was and is not reported.
 */
export function writeCacheEntry(folder: string, name: string, bytes: Uint8Array): void {
  assertEntryName(name);
  let temporary: { path: string; fd: number };
  try {
    temporary = createTemporaryFile(path.join(folder, name));
  } catch {
    return;
  }
  try {
    try {
      for (let written = 0; written < bytes.length; ) written += writeSync(temporary.fd, bytes, written);
    } finally {
      closeSync(temporary.fd);
    }
    renameSync(temporary.path, path.join(folder, name));
    releaseTemporaryFile(temporary.path);
  } catch {
    removeTemporaryFile(temporary.path);
  }
}

/**
 * Keeps the `keep` most recently written entries whose names start with `prefix`: every change of the policies
 * or of leadrules writes a new entry, and nothing else removes the old ones. Only regular files (by lstat: a
 * link is left alone) named like entries are removed; a failure is ignored.
 */
export function pruneCacheEntries(folder: string, prefix: string, keep: number): void {
  try {
    const entries = readdirSync(folder)
      .filter((name) => name.startsWith(prefix) && !name.startsWith("."))
      .flatMap((name) => {
        const stat = lstatSync(path.join(folder, name));
        return stat.isFile() ? [{ name, writtenMs: stat.mtimeMs }] : [];
      });
    if (entries.length <= keep) return;
    entries.sort((a, b) => b.writtenMs - a.writtenMs || (a.name < b.name ? -1 : 1));
    for (const { name } of entries.slice(keep)) rmSync(path.join(folder, name), { force: true });
  } catch {
    // An old entry left behind costs disk space, not correctness.
  }
}
