import { type InitOptions, initRepository } from "../../api/init-repository.js";
import { ExitCode } from "../../diagnostics/index.js";
import type { ReportFormat } from "../../format/format-names.js";
import { jsonDocument } from "../../format/json-document.js";
import type { CliIo } from "../io.js";

export interface InitCommandOptions extends InitOptions {
  format: ReportFormat;
}

export async function initCommand(options: InitCommandOptions, io: CliIo): Promise<number> {
  const { written, kept } = await initRepository(options);
  if (options.format === "json") {
    io.stdout(jsonDocument({ ok: true, directory: options.directory, written, kept }));
    return ExitCode.ok;
  }
  io.stdout(
    [
      `wrote ${written.length} files to ${options.directory}${kept.length ? ` (kept your ${kept.join(", ")})` : ""}`,
      "",
      "Next:",
      ...(options.directory === "." ? [] : [`  cd ${shellWord(options.directory)}`]),
      kept.length ? "  npm install --save-dev leadrules   (unless your package.json has it already)" : "  npm install",
      "  npx leadrules validate && npx leadrules test",
      "  read README.md (what the council approves, and how), then git init and push to GitHub",
      "",
    ].join("\n"),
  );
  return ExitCode.ok;
}

/** A path as one word of a POSIX shell, quoted only when it needs it: the line can be pasted as it is. */
function shellWord(value: string): string {
  return /^[\w./@%+=:,-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}
