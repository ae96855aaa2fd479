import { checkPullRequestApprovals, type ApprovalsOptions as CheckOptions } from "../../api/approvals-check.js";
import { ExitCode } from "../../diagnostics/index.js";
import { approvalsFormatters } from "../../format/approvals-report.js";
import type { ApprovalsFormat } from "../../format/format-names.js";
import type { CliIo } from "../io.js";

export interface ApprovalsOptions extends CheckOptions {
  format: ApprovalsFormat;
  check?: boolean;
}

export async function approvalsCommand(options: ApprovalsOptions, io: CliIo): Promise<number> {
  const report = await checkPullRequestApprovals(options);
  const text = approvalsFormatters[options.format](report);
  // Annotations are workflow commands on purpose; every other format passes the output guard.
  if (options.format === "github") (io.workflowCommands ?? io.stdout)(text);
  else io.stdout(text);
  return options.check && !report.approved ? ExitCode.policyFailure : ExitCode.ok;
}
