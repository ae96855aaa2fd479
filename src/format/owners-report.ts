/** `leadrules owners` in words: whether CODEOWNERS is as the policies call for, and its problems. */
import { textCell } from "../render/escape/text.js";

export function formatOwnersCheck(file: string, state: "missing" | "stale" | "current", problems: readonly string[]): string {
  const stale = state === "current" ? "" : `${file} is ${state}: run \`npx leadrules owners\` and commit it\n`;
  return stale + problems.map((p) => `error: ${textCell(p)}\n`).join("");
}

export function formatOwnersWarnings(problems: readonly string[]): string {
  return problems.map((p) => `warning: ${textCell(p)}\n`).join("");
}
