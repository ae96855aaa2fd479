/**
 * Why an output path cannot be written, in one line. A bad --out is the
 * user's input (exit 2), never a crash: the system's error code becomes words.
 */
import { UsageError } from "../diagnostics/index.js";

const reasons: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "it is a folder",
  ENOTDIR: "a part of the path is a file, not a folder",
  ENOENT: "its folder does not exist and cannot be created",
  EROFS: "the file system is read-only",
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is exceeded",
  ENAMETOOLONG: "the name is too long",
  ELOOP: "the path has too many symbolic links",
  EEXIST: "a file is in the way",
};

export function cannotWrite(file: string, error: unknown): UsageError {
  if (error instanceof UsageError) return error;
  return new UsageError(`cannot write ${file}: ${writeErrorReason(error)}`, "Pass an --out path in a folder you can write to.");
}

/** A failed write in words ("no space left on the device"), for a file or for standard output. */
export function writeErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return (code && reasons[code]) ?? (error instanceof Error ? error.message : String(error));
}
