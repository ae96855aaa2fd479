/**
 * A `matches` pattern (RE2 syntax, compile/patterns.ts) for an engine whose regular expressions are not
 * RE2: Postgres (its own "advanced" syntax), Java (Spark) and POSIX extended with Perl's `\d \w \s \b`
 * (Snowflake). Their syntaxes share a core, but the same text does not always mean the same there:
 * `\b` is a backspace in Postgres and Unicode-aware in older Java; `.` matches a line break in Postgres,
 * and not `\r` or U+2028 in Java; `$` matches before a final line break in Java; `(?i)` folds case by
 * each engine's own tables; `\s` holds a vertical tab in Java and in Postgres. So the pattern is read
 * (re2-subset.ts) into sets of characters, groups, repeats and anchors, and written back in forms each engine reads
 * as RE2 does: every class spelled as its characters (`\d` as `[0-9]`, `.` as `[^\n]`), a case-insensitive
 * letter as the letters RE2 folds it to (`k` as k, K and the Kelvin sign), `\b` as lookarounds over ASCII
 * word characters. A construct outside that subset, or one an engine could read otherwise, is refused with
 * a UsageError naming it: never SQL that silently means something else.
 *
 * Matching is a yes/no search anywhere in the text, so greediness never changes the answer: lazy repeats
 * are written greedy (Snowflake has no lazy ones), groups capturing (POSIX has no `(?:`).
 */
import { UsageError } from "../diagnostics/index.js";
import {
  type Anchor,
  type Atom,
  type CharSet,
  foldAtom,
  type Item,
  maxCodePoint,
  newline,
  parsePattern,
  type Range,
  Unportable,
} from "./re2-subset.js";

/** The engines' pattern syntaxes this module writes. */
export type RegexFlavor = "postgres" | "java" | "snowflake";

const flavorNames: Record<RegexFlavor, string> = {
  postgres: "Postgres",
  java: "Spark (Java regular expressions)",
  snowflake: "Snowflake",
};

/** The largest count Postgres and POSIX engines take in `{n,m}` (RE_DUP_MAX). */
const mostRepeats = 255;

/** The pattern written for `flavor`, meaning what RE2 means by it; throws a UsageError for what cannot be. */
export function portablePattern(pattern: string, flavor: RegexFlavor): string {
  try {
    const { branches, fold } = parsePattern(pattern);
    if (flavor === "java") refuseNestedRepeats(branches, false);
    return writeBranches(
      branches.map((items) => items.map((item) => ({ ...item, atom: fold ? foldAtom(item.atom) : item.atom }))),
      flavor,
    );
  } catch (error) {
    if (!(error instanceof Unportable)) throw error;
    throw new UsageError(
      `the pattern ${JSON.stringify(pattern)} uses ${error.message}, which ${flavorNames[flavor]} reads differently from RE2 (the syntax of matches), or cannot read`,
      "Rewrite the pattern with plain characters, [...] classes, \\d \\w \\s \\b, groups, | and repeats (a leading (?i) is fine for ASCII letters), or compile for --dialect duckdb or bigquery, whose regular expressions are RE2.",
    );
  }
}

/**
 * Java's matcher backtracks: a repeated group holding an unbounded repeat (`(.*a){12}b`, `(a+)+`) can try
 * exponentially many ways to split one value, 10 s for a 41-character title, where RE2 is linear in the
 * value for any pattern (the promise of `matches`). Such a pattern is refused for Spark. Alternatives that
 * overlap under a repeat (`(a|ab)*c`) backtrack too and are not caught here (docs/sql.md#dialects).
 */
function refuseNestedRepeats(branches: readonly Item[][], insideRepeat: boolean): void {
  for (const { atom, max } of branches.flat()) {
    if (insideRepeat && max === Infinity)
      throw new Unportable("an unbounded repeat inside a repeated group (Java's matcher would backtrack)");
    if (atom.kind === "group") refuseNestedRepeats(atom.branches, insideRepeat || max > 1);
  }
}

// ---- writing ----

function writeBranches(branches: readonly Item[][], flavor: RegexFlavor): string {
  if (flavor === "snowflake" && branches.length > 1 && branches.some((b) => b.length === 0))
    throw new Unportable("an empty alternative (POSIX leaves it undefined)");
  return branches.map((items) => items.map((item) => writeItem(item, flavor)).join("")).join("|");
}

function writeItem({ atom, min, max }: Item, flavor: RegexFlavor): string {
  const body = writeAtom(atom, flavor);
  if (min === 1 && max === 1) return body;
  if (flavor !== "java" && Math.max(min, max === Infinity ? 0 : max) > mostRepeats)
    throw new Unportable(`a count above ${mostRepeats} in {n,m}`);
  // A repeated set or group stays one unit; a repeat of a multi-character text never arises (atoms only).
  const repeat =
    min === 0 && max === Infinity
      ? "*"
      : min === 1 && max === Infinity
        ? "+"
        : min === 0 && max === 1
          ? "?"
          : max === Infinity
            ? `{${min},}`
            : min === max
              ? `{${min}}`
              : `{${min},${max}}`;
  return `${body}${repeat}`;
}

function writeAtom(atom: Atom, flavor: RegexFlavor): string {
  switch (atom.kind) {
    case "group":
      return `(${writeBranches(atom.branches, flavor)})`;
    case "anchor":
      return writeAnchor(atom.at, flavor);
    case "set":
      return writeSet(atom, flavor);
  }
}

const wordClass = "[0-9A-Za-z_]";

function writeAnchor(at: Anchor["at"], flavor: RegexFlavor): string {
  if (at === "start") return "^";
  // Java's `$` also matches before a final line break; `\z` is RE2's end of text.
  if (at === "end") return flavor === "java" ? "\\z" : "$";
  // Snowflake's `\b` is the boundary of its ASCII `\w` (a-z, A-Z, 0-9, _), RE2's. Elsewhere `\b` is a
  // backspace (Postgres) or Unicode-aware (Java before 19): spelled out over ASCII word characters.
  if (flavor === "snowflake") return at === "word" ? "\\b" : "\\B";
  const before = `(?<=${wordClass})`;
  const notBefore = `(?<!${wordClass})`;
  const after = `(?=${wordClass})`;
  const notAfter = `(?!${wordClass})`;
  return at === "word" ? `(${before}${notAfter}|${notBefore}${after})` : `(${before}${after}|${notBefore}${notAfter})`;
}

function complement(ranges: readonly Range[]): Range[] {
  const out: Range[] = [];
  let next = 0;
  for (const [lo, hi] of ranges) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= maxCodePoint) out.push([next, maxCodePoint]);
  return out;
}

function writeSet(set: CharSet, flavor: RegexFlavor): string {
  let { ranges, negated } = set;
  // Written as the smaller of the set and its complement: `.` as [^\n], not every other character.
  if (ranges.some(([, hi]) => hi === maxCodePoint)) {
    ranges = complement(ranges);
    negated = !negated;
  }
  if (!negated && ranges.length === 0) throw new Unportable("a class that matches nothing");
  if (!negated && ranges.length === 1 && ranges[0]![0] === ranges[0]![1]) return literalChar(ranges[0]![0], flavor);
  if (flavor === "snowflake") return snowflakeBracket(ranges, negated);
  const members = ranges.map(([lo, hi]) => (lo === hi ? classChar(lo) : `${classChar(lo)}-${classChar(hi)}`)).join("");
  return `[${negated ? "^" : ""}${members}]`;
}

/** A character alone, in Postgres or Java syntax (and Snowflake's outside brackets). */
function literalChar(c: number, flavor: RegexFlavor): string {
  const char = String.fromCodePoint(c);
  if (c >= 0x80 || /[0-9A-Za-z]/.test(char)) return char;
  if (c >= 0x21 && c < 0x7f) return flavor === "snowflake" && !"\\^$.|?*+()[]{}".includes(char) ? char : `\\${char}`;
  // The space as itself; controls as themselves for Snowflake (POSIX has no \u), as \u escapes elsewhere.
  if (char === " " || flavor === "snowflake") return char;
  return unicodeEscape(c);
}

/** A character inside [...] in Postgres or Java syntax: punctuation escaped (Java's `&&` and `[` are operators there). */
function classChar(c: number): string {
  const char = String.fromCodePoint(c);
  if (c >= 0x80 || /[0-9A-Za-z]/.test(char)) return char;
  if (c >= 0x21 && c < 0x7f) return `\\${char}`;
  return unicodeEscape(c);
}

const unicodeEscape = (c: number) => `\\u${c.toString(16).padStart(4, "0")}`;

/**
 * A POSIX bracket expression (Snowflake): no escapes inside, so `]` goes first, `-` last, `^` not first,
 * and a backslash or `[` (which POSIX and RE2 read differently there) is refused. A negated one also
 * matches a line break explicitly: POSIX engines that keep `.` off line breaks may keep `[^a]` off them too.
 */
function snowflakeBracket(ranges: readonly Range[], negated: boolean): string {
  const specials = new Set([0x5d, 0x2d, 0x5e]);
  const plain: string[] = [];
  const special = new Set<number>();
  for (const [lo, hi] of ranges) {
    for (const bound of [lo, hi]) if (bound === 0x5c || bound === 0x5b) throw new Unportable("a backslash or `[` inside [...]");
    if (lo === hi && specials.has(lo)) special.add(lo);
    else if (specials.has(lo) || specials.has(hi)) throw new Unportable("a range from or to `]`, `^` or `-` inside [...]");
    else plain.push(lo === hi ? String.fromCodePoint(lo) : `${String.fromCodePoint(lo)}-${String.fromCodePoint(hi)}`);
  }
  let body = `${special.has(0x5d) ? "]" : ""}${plain.join("")}${special.has(0x5e) ? "^" : ""}${special.has(0x2d) ? "-" : ""}`;
  if (body.startsWith("^")) {
    // `^` alone, or first: never first.
    if (body === "^") return negated ? "([^^]|\n)" : "\\^";
    body = body.slice(1) + "^";
  }
  if (!negated) return `[${body}]`;
  const breaks = ranges.some(([lo, hi]) => lo <= newline && newline <= hi);
  return breaks ? `[^${body}]` : `([^${body}]|\n)`;
}
