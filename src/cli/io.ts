/**
 * Where a command writes. The real CLI writes to the process streams; tests
 * pass a recorder and call `main` in-process.
 */
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

export const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  isTty: Boolean(process.stderr.isTTY),
};
