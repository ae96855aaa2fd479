/**
 * CI logs. The GitHub Actions runner reads every line a step prints (lines
 * end at LF, CR or CRLF) and runs it as a workflow command when, after
 * leading whitespace, it starts with `::` (`::error::`, `::add-mask::`,
 * `::stop-commands::`), or when it contains `##[` anywhere (the older form,
 * `##[error]...`, still parsed). Two rules follow:
 *
 * - `createWorkflowCommandGuard` is the one guard at the output boundary: the
 *   CLI passes everything it prints through it, and it puts a zero-width
 *   space in front of a line's leading `::` and inside `##[`. The text still
 *   reads the same in the log; the runner no longer sees a command.
 * - `annotationData` and `annotationProperty` escape values inside the
 *   annotations `--format github` writes on purpose, by GitHub's rules, so a
 *   value cannot end the annotation or start a line; GitHub shows annotations
 *   on the PR, so their bidirectional controls show as escapes (bidi.ts).
 *
 * The log is also read by people (the Actions log viewer applies the Unicode
 * bidirectional algorithm): main.ts passes everything the guard lets through
 * to `escapeBidi` too.
 */
import { escapeBidi } from "./bidi.js";

const zeroWidthSpace = "\u200b";

/** A line start (after LF, CR or the start of the text), any whitespace .NET trims, then `::`. */
const commandAtLineStart = /(^|[\r\n])([\s\u0085]*)::/g;

/** Neutralises workflow commands in complete lines of text. */
export function neutraliseWorkflowCommands(text: string): string {
  if (!text.includes("::") && !text.includes("##[")) return text;
  return text.replace(commandAtLineStart, `$1$2${zeroWidthSpace}::`).replace(/##\[/g, `#${zeroWidthSpace}#[`);
}

export interface WorkflowCommandGuard {
  /** Text to print; whole lines come back guarded, a trailing partial line is held until its end arrives. */
  write(text: string): string;
  /** What is still held (a last line without a line break), guarded. */
  end(): string;
}

/**
 * A guard for one output stream written in chunks that may end mid-line: it
 * holds a partial line back until its end arrives, so a chunk boundary can
 * never hide a `::` at the start of a line or split a `##[`.
 */
export function createWorkflowCommandGuard(): WorkflowCommandGuard {
  let held = "";
  return {
    write(text) {
      const all = held + text;
      const lastBreak = Math.max(all.lastIndexOf("\n"), all.lastIndexOf("\r"));
      // A CR at the very end may be the first half of CRLF; hold it with the partial line.
      const cut = lastBreak === all.length - 1 && all.endsWith("\r") ? lastBreak : lastBreak + 1;
      held = all.slice(cut);
      return neutraliseWorkflowCommands(all.slice(0, cut));
    },
    end() {
      const rest = held;
      held = "";
      return neutraliseWorkflowCommands(rest);
    },
  };
}

/** A value inside an annotation's message (after the second `::`). */
export function annotationData(value: string): string {
  return escapeBidi(value).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A value inside an annotation's properties (`file=...,title=...`). */
export function annotationProperty(value: string): string {
  return annotationData(value).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
