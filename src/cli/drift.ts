import type { FolderCheck, GenerateResult } from "../api/generate-files.js";
import { ExitCode, hasErrors, type Diagnostic } from "../diagnostics/index.js";
import { formatDrift, formatUpToDate } from "../format/drift-report.js";
import { formatGeneratedJson } from "../format/generated-report.js";
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

/**
 * `--format json` of `compile` and `docs`: what was written or is stale, or (no result) the policies' errors
 * that stopped the command; exit 1 when anything is stale or the policies have errors.
 */
export function printGeneratedJson(result: GenerateResult | null, errors: readonly Diagnostic[], check: boolean, io: CliIo): number {
  const folders = result?.folders ?? [];
  const ok = !hasErrors(errors) && !folders.some((f) => "drift" in f && f.drift.length > 0);
  io.stdout(formatGeneratedJson({ ok, check, folders, diagnostics: errors }));
  return ok ? ExitCode.ok : ExitCode.policyFailure;
}
