/**
 * RE2's syntax, the subset `matches` patterns can be given to engines whose regular expressions are not
 * RE2 (portable-regex.ts writes them): a pattern read into sets of characters, groups, repeats and
 * anchors, with a leading `(?i)` applied as RE2 folds case. A construct outside the subset throws
 * `Unportable`, saying what it is.
 */

export type Range = readonly [number, number];
/** A set of characters (sorted, disjoint ranges), matched as one character; `negated` matches every other. */
export interface CharSet {
  kind: "set";
  ranges: Range[];
  negated: boolean;
}
export interface Group {
  kind: "group";
  branches: Item[][];
}
export interface Anchor {
  kind: "anchor";
  at: "start" | "end" | "word" | "notWord";
}
export type Atom = CharSet | Group | Anchor;
export interface Item {
  atom: Atom;
  min: number;
  /** Infinity for no upper bound. */
  max: number;
}

export const maxCodePoint = 0x10ffff;
export const newline = 0x0a;
const digits: Range[] = [[0x30, 0x39]];
const wordChars: Range[] = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];
/** RE2's `\s`: tab, newline, form feed, carriage return, space (not the vertical tab). */
const spaceChars: Range[] = [
  [0x09, 0x0a],
  [0x0c, 0x0d],
  [0x20, 0x20],
];

/** What a pattern holds that `flavor` cannot be given: the refusal. */
export class Unportable extends Error {}

export function parsePattern(pattern: string): { branches: Item[][]; fold: boolean } {
  let at = 0;
  let fold = false;
  if (pattern.startsWith("(?i)")) {
    fold = true;
    at = 4;
  }
  const chars = [...pattern.slice(at)].map((c) => c.codePointAt(0)!);
  let i = 0;
  const peek = (k = 0) => chars[i + k];
  const is = (c: string, k = 0) => peek(k) === c.codePointAt(0);
  const text = (from: number, to: number) => String.fromCodePoint(...chars.slice(from, to));

  const branches = (): Item[][] => {
    const all: Item[][] = [[]];
    while (i < chars.length && !is(")")) {
      if (is("|")) {
        i++;
        all.push([]);
        continue;
      }
      const atom = readAtom();
      all[all.length - 1]!.push(readRepeat(atom));
    }
    return all;
  };

  const readRepeat = (atom: Atom): Item => {
    let item: Item = { atom, min: 1, max: 1 };
    for (;;) {
      let min: number;
      let max: number;
      if (is("*")) [min, max, i] = [0, Infinity, i + 1];
      else if (is("+")) [min, max, i] = [1, Infinity, i + 1];
      else if (is("?")) [min, max, i] = [0, 1, i + 1];
      else if (is("{")) {
        const found = /^\{(\d+)(?:(,)(\d*))?\}/.exec(text(i, Math.min(chars.length, i + 24)));
        if (!found) return item;
        min = Number(found[1]);
        max = found[2] ? (found[3] ? Number(found[3]) : Infinity) : min;
        i += found[0].length;
      } else return item;
      // A lazy repeat matches where the greedy one does (a yes/no search): written greedy.
      if (is("?")) i++;
      if (atom.kind === "anchor") throw new Unportable("a repeated anchor");
      // A repeat of a repeat: the inner one as a group.
      item = item.min === 1 && item.max === 1 ? { atom, min, max } : { atom: { kind: "group", branches: [[item]] }, min, max };
    }
  };

  const readAtom = (): Atom => {
    const c = peek()!;
    i++;
    switch (String.fromCodePoint(c)) {
      case "(": {
        if (is("?")) {
          if (is(":", 1)) i += 2;
          else if (is("P", 1) && is("<", 2)) i = skipName(i + 3);
          else if (is("<", 1)) i = skipName(i + 2);
          else throw new Unportable("a flag group (`(?...)`; only a leading (?i) is portable)");
        }
        const inner = branches();
        if (!is(")")) throw new Unportable("an unclosed group");
        i++;
        return { kind: "group", branches: inner };
      }
      case "[":
        return readClass();
      case ".":
        return { kind: "set", ranges: [[newline, newline]], negated: true };
      case "^":
        return { kind: "anchor", at: "start" };
      case "$":
        return { kind: "anchor", at: "end" };
      case "\\":
        return readEscape(false);
      case "*":
      case "+":
      case "?":
        throw new Unportable("a repeat of nothing");
      default:
        return single(c);
    }
  };

  const skipName = (from: number) => {
    let k = from;
    while (k < chars.length && chars[k] !== ">".codePointAt(0)) k++;
    return k + 1;
  };

  /** An escape after its backslash: a character, a class, or (outside a class) an anchor. */
  const readEscape = (inClass: boolean): Atom => {
    const c = peek();
    if (c === undefined) throw new Unportable("a trailing backslash");
    i++;
    const letter = String.fromCodePoint(c);
    const classes: Record<string, Range[]> = { d: digits, w: wordChars, s: spaceChars };
    const lower = letter.toLowerCase();
    if (lower in classes && (letter === lower || !inClass)) return { kind: "set", ranges: [...classes[lower]!], negated: letter !== lower };
    if (letter === "D" || letter === "W" || letter === "S") throw new Unportable(`\`\\${letter}\` inside [...]`);
    const controls: Record<string, number> = { t: 0x09, n: 0x0a, v: 0x0b, f: 0x0c, r: 0x0d, a: 0x07 };
    if (letter in controls) return single(controls[letter]!);
    if (!inClass && (letter === "b" || letter === "B")) return { kind: "anchor", at: letter === "b" ? "word" : "notWord" };
    if (!inClass && letter === "A") return { kind: "anchor", at: "start" };
    if (!inClass && letter === "z") return { kind: "anchor", at: "end" };
    if (letter === "x") {
      const found = /^(?:\{([0-9A-Fa-f]{1,6})\}|([0-9A-Fa-f]{2}))/.exec(text(i, Math.min(chars.length, i + 8)));
      if (!found) throw new Unportable("a malformed `\\x` escape");
      i += found[0].length;
      return single(Number.parseInt(found[1] ?? found[2]!, 16));
    }
    // Punctuation escaped stands for itself; a letter or digit escape is a construct of its own.
    if (c < 0x80 && !/[0-9A-Za-z]/.test(letter)) return single(c);
    throw new Unportable(`\`\\${letter}\``);
  };

  const readClass = (): CharSet => {
    const negated = is("^");
    if (negated) i++;
    const ranges: Range[] = [];
    let first = true;
    while (i < chars.length && (first || !is("]"))) {
      first = false;
      if (is("[") && is(":", 1)) throw new Unportable("a POSIX class (`[:name:]`)");
      const low = classMember();
      if (low.kind === "set" && (low.ranges.length !== 1 || low.ranges[0]![0] !== low.ranges[0]![1])) {
        ranges.push(...low.ranges);
        continue;
      }
      const from = (low as CharSet).ranges[0]![0];
      if (is("-") && i + 1 < chars.length && !is("]", 1)) {
        i++;
        const high = classMember();
        if (high.ranges.length !== 1 || high.ranges[0]![0] !== high.ranges[0]![1]) throw new Unportable("a range ending in a class");
        ranges.push([from, high.ranges[0]![0]]);
      } else ranges.push([from, from]);
    }
    if (!is("]")) throw new Unportable("an unclosed [...]");
    i++;
    return { kind: "set", ranges: normalize(ranges), negated };
  };

  const classMember = (): CharSet => {
    const c = peek()!;
    i++;
    if (c === "\\".codePointAt(0)) {
      const atom = readEscape(true);
      if (atom.kind !== "set" || atom.negated) throw new Unportable("an escape inside [...]");
      return atom;
    }
    return single(c);
  };

  const all = branches();
  if (i < chars.length) throw new Unportable("an unmatched `)`");
  return { branches: all, fold };
}

const single = (c: number): CharSet => ({ kind: "set", ranges: [[c, c]], negated: false });

/** Sorted, merged ranges. */
function normalize(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

// ---- case folding, as RE2 does it for (?i) ----

/** RE2's case-fold orbits of the ASCII letters beyond their other case (Unicode simple folding). */
const extraFolds = new Map<number, number[]>([
  [0x6b, [0x212a]], // k: the Kelvin sign
  [0x73, [0x17f]], // s: the long s
]);

/** The set closed under RE2's case folding, before any negation (as RE2 folds `[^k]` and `\W`). */
export function foldAtom(atom: Atom): Atom {
  if (atom.kind === "group")
    return { kind: "group", branches: atom.branches.map((items) => items.map((item) => ({ ...item, atom: foldAtom(item.atom) }))) };
  if (atom.kind === "anchor") return atom;
  const added: Range[] = [];
  for (const [lo, hi] of atom.ranges) {
    for (let c = lo; c <= Math.min(hi, 0x7f); c++) {
      const letter = String.fromCodePoint(c);
      if (!/[A-Za-z]/.test(letter)) continue;
      const other = letter === letter.toLowerCase() ? letter.toUpperCase() : letter.toLowerCase();
      for (const partner of [other.codePointAt(0)!, ...(extraFolds.get(letter.toLowerCase().codePointAt(0)!) ?? [])])
        added.push([partner, partner]);
    }
    if (hi > 0x7f && lo <= 0x80 && hi === maxCodePoint) {
      // Every character outside ASCII (a negated class's complement, or `[\x{80}-\x{10FFFF}]`): closed under
      // folding but for the Kelvin sign and the long s, which it holds and which fold into ASCII.
      added.push([0x4b, 0x4b], [0x6b, 0x6b], [0x53, 0x53], [0x73, 0x73]);
    } else if (hi > 0x7f) {
      // Outside ASCII only characters without case fold alike everywhere; the Kelvin sign and long s fold into ASCII.
      for (let c = Math.max(lo, 0x80); c <= hi; c++) {
        const char = String.fromCodePoint(c);
        if (c === 0x212a) added.push([0x4b, 0x4b], [0x6b, 0x6b]);
        else if (c === 0x17f) added.push([0x53, 0x53], [0x73, 0x73]);
        else if (char.toLowerCase() !== char || char.toUpperCase() !== char)
          throw new Unportable(`the letter ${JSON.stringify(char)} with (?i) (each engine folds letters outside ASCII by its own tables)`);
        if (c - lo > 4096) throw new Unportable("a range of characters outside ASCII with (?i)");
      }
    }
  }
  return { ...atom, ranges: normalize([...atom.ranges, ...added]) };
}
