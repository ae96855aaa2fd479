/**
 * Where a command writes. The real CLI writes to the process streams; tests
 * pass a recorder and call `main` in-process.
 */
import { ExitCode } from "../diagnostics/index.js";
import { removeLiveTemporaryPaths } from "../load/temporary-paths.js";
import { writeErrorReason } from "../write/output-errors.js";

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is an interactive terminal (progress bars, colour). */
  isTty: boolean;
  /**
   * Workflow commands the CI runner is meant to read (`validate --format github`). Everything else
   * main() prints goes through the workflow-command guard; only these lines do not.
   */
  workflowCommands?(text: string): void;
}

let watchingStdout = false;

/**
 * A reader that stopped early (`leadrules simulate ... | head -1`) closes the pipe: that is not a failure,
 * so the process ends quietly with exit 0, as Unix tools do, instead of a stack trace for EPIPE. Any other
 * failure (stdout redirected to a full disk) is the place the user chose being unwritable: one line and
 * exit 2, as for an unwritable --out.
 */
function writeStdout(text: string): void {
  if (!watchingStdout) {
    watchingStdout = true;
    process.stdout.on("error", (error: NodeJS.ErrnoException) => {
      // The process ends here, before the command's own clean-up: its temporary files and folders go first.
      removeLiveTemporaryPaths();
      if (error.code === "EPIPE") process.exit(0);
      process.stderr.write(`error: cannot write to standard output: ${writeErrorReason(error)}\n`);
      process.exit(ExitCode.usage);
    });
  }
  process.stdout.write(text);
}

export const processIo: CliIo = {
  stdout: writeStdout,
  stderr: (text) => void process.stderr.write(text),
  isTty: Boolean(process.stderr.isTTY),
};
