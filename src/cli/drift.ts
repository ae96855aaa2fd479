import type { FolderCheck } from "../api/generate-files.js";
import { ExitCode } from "../diagnostics/index.js";
import { formatDrift, formatUpToDate } from "../format/drift-report.js";
import type { CliIo } from "./io.js";

/** Prints what is stale in each generated folder; exit 1 when anything is. */
export function reportDrift(folders: readonly FolderCheck[], fix: string, io: CliIo): number {
  let exit: number = ExitCode.ok;
  for (const folder of folders) {
    if (folder.drift.length === 0) io.stdout(formatUpToDate(folder.directory, folder.files));
    else {
      io.stderr(formatDrift(folder.directory, folder.drift, fix));
      exit = ExitCode.policyFailure;
    }
  }
  return exit;
}
