/**
 * The leadrules command line: a thin layer over the library. Each command's
 * flags live in commands/<name>.ts, and what it does in actions/<name>.ts,
 * imported only when that command runs: a command loads only the library
 * modules it needs (`validate` no spreadsheet reader, git or templates), and
 * --help loads none. This file wires them up and holds the one top-level
 * catch that turns errors into exit codes.
 */
import { Command, CommanderError } from "commander";
import { ExitCode, InvalidPoliciesError, UsageError } from "../diagnostics/index.js";
import { formatText } from "../format/diagnostics-format.js";
import { escapeControls } from "../render/escape/bidi.js";
import { createWorkflowCommandGuard } from "../render/escape/ci-log.js";
import { processIo, type CliIo } from "./io.js";
import type { CommandRunner } from "./options.js";
import { packageVersion } from "./package-info.js";
import { policyCacheFor } from "../api/policy-cache.js";
import { registerValidate } from "./commands/validate.js";
import { registerRun } from "./commands/run.js";
import { registerSimulate } from "./commands/simulate.js";
import { registerExplain } from "./commands/explain.js";
import { registerCompile } from "./commands/compile.js";
import { registerSample } from "./commands/sample.js";
import { registerTest } from "./commands/test.js";
import { registerDiff } from "./commands/diff.js";
import { registerOwners } from "./commands/owners.js";
import { registerApprovals } from "./commands/approvals.js";
import { registerDocs } from "./commands/docs.js";
import { registerAudit } from "./commands/audit.js";
import { registerBacktest } from "./commands/backtest.js";
import { registerInspect } from "./commands/inspect.js";
import { registerNurture } from "./commands/nurture.js";
import { registerSchemas } from "./commands/schemas.js";
import { registerInit } from "./commands/init.js";

export { removeTemporaryPathsOnSignals } from "../load/temporary-paths.js";

const registrations = [
  registerInit,
  registerRun,
  registerValidate,
  registerTest,
  registerCompile,
  registerDocs,
  registerInspect,
  registerSimulate,
  registerExplain,
  registerNurture,
  registerDiff,
  registerOwners,
  registerApprovals,
  registerAudit,
  registerBacktest,
  registerSample,
  registerSchemas,
];

export async function main(argv: readonly string[], processStreams: CliIo = processIo): Promise<number> {
  const { io, end } = guardWorkflowCommands(processStreams);
  try {
    return await runProgram(argv, io);
  } finally {
    end();
  }
}

/**
 * Lines from data (a lead id, a policy description, a file name) can reach a CI log through any
 * output; the runner would run one that starts with `::` as a workflow command. Every line main()
 * prints passes one guard (render/escape/ci-log.ts); only annotations written on purpose do not.
 * Every format on stdout and stderr also shows bidirectional and terminal controls (ESC, BEL, NUL, DEL,
 * C1; not tab and line breaks) as escapes (render/escape/bidi.ts): terminals and the Actions log viewer
 * would let them reorder a line or run an escape sequence, even from a `--raw-csv` cell; inside JSON the
 * escape is the same character written another way. Annotations escape them themselves (annotationData).
 */
function guardWorkflowCommands(streams: CliIo): { io: CliIo; end(): void } {
  const out = createWorkflowCommandGuard();
  const err = createWorkflowCommandGuard();
  const write = (stream: (text: string) => void, text: string) => void (text && stream(escapeControls(text)));
  const io: CliIo = {
    isTty: streams.isTty,
    stdout: (text) => write(streams.stdout, out.write(text)),
    stderr: (text) => write(streams.stderr, err.write(text)),
    workflowCommands: (text) => {
      write(streams.stdout, out.end());
      if (text) streams.stdout(text);
    },
  };
  return {
    io,
    end: () => {
      write(streams.stdout, out.end());
      write(streams.stderr, err.end());
    },
  };
}

async function runProgram(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const run: CommandRunner = async (body) => {
    exitCode = await body(io, { cache: policyCacheFor({ off: program.opts<{ cache: boolean }>().cache === false }) });
  };
  const program = createProgram(io, run);

  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    return exitCodeFor(error, io);
  }
}

/** The program with every command registered, writing to `io`; each command's body goes to `run`. */
export function createProgram(io: CliIo, run: CommandRunner): Command {
  const program = new Command("leadrules")
    .description("Rules-as-code for B2B lead management")
    .version(packageVersion(), "-V, --version")
    .option("--no-cache", "neither read nor write the cache of validated policies (also LEADRULES_CACHE=off)")
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  for (const register of registrations) register(program, run);
  program.commands.forEach((c) => c.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr }));
  return program;
}

function exitCodeFor(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Commander already printed its message; help and version are not errors.
    if (["commander.helpDisplayed", "commander.version", "commander.help"].includes(error.code)) return ExitCode.ok;
    return ExitCode.usage;
  }
  if (error instanceof UsageError) {
    const where = error.diagnostics[0]?.location;
    if (error.diagnostics.length > 1 || error.diagnostics.some((d) => d.location?.line !== undefined && d.message !== error.message)) {
      // Every located problem (a mapping file's typos, each at its line), then what to do.
      io.stderr(`error: ${error.message}\n\n${formatText({ diagnostics: error.diagnostics })}${error.hint ? `hint: ${error.hint}\n` : ""}`);
      return ExitCode.usage;
    }
    const prefix = where?.line ? `${where.file}:${where.line}: ` : "";
    io.stderr(`error: ${prefix}${error.message}\n${error.hint ? `hint: ${error.hint}\n` : ""}`);
    return ExitCode.usage;
  }
  if (error instanceof InvalidPoliciesError) {
    io.stderr(`error: ${error.message}\n\n${formatText({ diagnostics: error.diagnostics })}`);
    return ExitCode.policyFailure;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr(`internal error: leadrules hit a bug. Please report it with the command you ran and this text:\n${detail}\n`);
  return ExitCode.internal;
}
