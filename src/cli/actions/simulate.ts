import { simulateLeadFile, type SimulateFileOptions } from "../../api/simulate-lead-file.js";
import { ExitCode } from "../../diagnostics/index.js";
import { fileSize } from "../../load/read-leads.js";
import { printReadReport } from "../lead-input.js";
import type { CliIo } from "../io.js";
import { loadPoliciesToSimulate, printRowWarnings } from "../load-valid-policies.js";
import { workersFor, type RunContext } from "../options.js";
import { createProgress } from "../progress.js";

/** The library's options as the flags give them, and `--quiet`. */
export type SimulateCommandOptions = Omit<SimulateFileOptions, "onProgress"> & { quiet?: boolean };

export async function simulateCommand(options: SimulateCommandOptions, io: CliIo, context: RunContext): Promise<number> {
  const chosen = await loadPoliciesToSimulate(options.policies, io, options.allowInvalid ?? false, context.cache);
  if (!chosen) return ExitCode.policyFailure;
  const { validation, diagnosisOnly } = chosen;
  const progress = createProgress(io, options.quiet ?? false, fileSize(options.leads));
  const result = await simulateLeadFile(
    validation,
    { ...options, workers: workersFor(options.workers, io), onProgress: progress.update },
    io.stdout,
  );
  progress.stop();
  printRowWarnings(result.diagnostics, io);
  const read = printReadReport(result.read, io, options.rejects);
  // Results of policies with errors never pass for a clean run; an input failure (2) still says more.
  return diagnosisOnly && read === ExitCode.ok ? ExitCode.policyFailure : read;
}
