/**
 * The pattern language of `matches`: RE2 syntax (https://github.com/google/re2/wiki/Syntax), run by
 * re2js, a pure JavaScript port of RE2. RE2 matches in time linear in the value's length for any
 * pattern, so no pattern can make one lead value take minutes, whatever a checker would have missed;
 * the price is no backreferences and no lookarounds, which are what make backtracking engines
 * exponential. A leading `(?i)` (case-insensitive) is RE2 syntax too, so it keeps its meaning.
 */
import { RE2JS } from "re2js";

/**
 * The largest RE2 program a pattern may compile to. Matching costs value length times program size
 * at worst, so counted repeats (`[a-z]{0,1000}` is about 2,000 instructions) are bounded too; the
 * bundled patterns compile to about 50.
 */
export const maxPatternInstructions = 2_000;

const patternCache = new Map<string, RE2JS>();

/** Compiles a `matches` pattern (cached); throws on a pattern RE2 refuses. */
export function compilePattern(pattern: string): RE2JS {
  let regex = patternCache.get(pattern);
  if (!regex) {
    regex = RE2JS.compile(pattern);
    patternCache.set(pattern, regex);
  }
  return regex;
}

export interface PatternProblem {
  kind: "invalid" | "too-large";
  message: string;
  hint: string;
}

/** What is wrong with a `matches` pattern, in words for validate; null when it can be matched. */
export function patternProblem(pattern: string): PatternProblem | null {
  let regex: RE2JS;
  try {
    regex = compilePattern(pattern);
  } catch (error) {
    const reason = ((error as Error).message ?? String(error)).replace(/^error parsing regexp: /, "");
    const feature = unsupportedFeature(pattern);
    if (feature) {
      return {
        kind: "invalid",
        message: `the pattern ${JSON.stringify(pattern)} uses ${feature}, which leadrules' regular expressions (RE2 syntax, matched in linear time) do not support`,
        hint: "Backreferences and lookarounds are what make a pattern take exponential time. Match the text itself, or combine two conditions (all, any, not) instead.",
      };
    }
    return {
      kind: "invalid",
      message: `the pattern ${JSON.stringify(pattern)} is not a valid regular expression: ${reason}`,
      hint: "Check brackets and escapes (RE2 syntax: \\x{e9}, not \\u00e9); use (?i) at the start for case-insensitive matching.",
    };
  }
  if (regex.programSize() > maxPatternInstructions) {
    return {
      kind: "too-large",
      message: `the pattern ${JSON.stringify(pattern)} is too large to match quickly: it compiles to ${regex.programSize()} instructions, more than ${maxPatternInstructions}`,
      hint: "Large counted repeats cost the most: write `[a-z]+` rather than `[a-z]{0,1000}`, or split the pattern into several conditions.",
    };
  }
  return null;
}

/**
 * The construct RE2 lacks that a pattern written for JavaScript or PCRE uses, if any: read outside
 * escapes and character classes, so `\(?=` or `[(?=]` are not mistaken for a lookahead.
 */
function unsupportedFeature(pattern: string): string | null {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") {
      const next = pattern[i + 1] ?? "";
      if (!inClass && /[1-9]/.test(next)) return `a backreference (\`\\${next}\`)`;
      if (!inClass && next === "k" && pattern[i + 2] === "<") return "a named backreference (`\\k<...>`)";
      i++;
    } else if (inClass) {
      if (c === "]") inClass = false;
    } else if (c === "[") {
      inClass = true;
      if (pattern[i + 1] === "^") i++;
      if (pattern[i + 1] === "]") i++;
    } else if (c === "(") {
      const head = pattern.slice(i, i + 4);
      if (head.startsWith("(?=")) return "a lookahead (`(?=...)`)";
      if (head.startsWith("(?!")) return "a negative lookahead (`(?!...)`)";
      if (head === "(?<=") return "a lookbehind (`(?<=...)`)";
      if (head === "(?<!") return "a negative lookbehind (`(?<!...)`)";
    }
  }
  return null;
}
