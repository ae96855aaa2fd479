/**
 * What every command's --help shows after its options: examples, then the exit codes. The exit codes'
 * words are defined once (diagnostics' `exitCodeMeanings`); each command gives only its examples.
 */
import { exitCodeMeanings } from "../diagnostics/index.js";

export function exitCodesHelp(): string {
  const lines = Object.entries(exitCodeMeanings).map(([code, meaning]) => `  ${code}  ${meaning}`);
  return `Exit codes:\n${lines.join("\n")}`;
}

/** The text after a command's options (`addHelpText("after", ...)`): its examples, command lines without `leadrules`, and the exit codes. */
export function examplesAndExitCodes(examples: readonly string[]): string {
  const shown = examples.map((e) => `  $ leadrules ${e}`).join("\n");
  return `\nExamples:\n${shown}\n\n${exitCodesHelp()}\n`;
}
