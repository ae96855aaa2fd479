/**
 * What GitHub makes of a CODEOWNERS file: its rules, the lines it would skip,
 * and who owns a path. The last matching rule wins, a rule without owners
 * leaves its paths unowned, and patterns follow gitignore except where GitHub
 * documents otherwise: no `!` negation, no `[ ]` ranges, no `\` escapes, no
 * comments after the owners, and `docs/*` owns docs/ files but not nested ones.
 */

export interface OwnerRule {
  /** 1-based line in the file. */
  line: number;
  pattern: string;
  owners: string[];
  matches(path: string): boolean;
}

export interface CodeownersProblem {
  line: number;
  message: string;
}

const ownerSyntax = /^(@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\/[A-Za-z0-9_.-]+)?|[^@\s]+@[^@\s]+\.[^@\s]+)$/;

/** Rules in file order; the lines GitHub would skip are problems, not rules. */
export function parseCodeowners(text: string): { rules: OwnerRule[]; problems: CodeownersProblem[] } {
  const rules: OwnerRule[] = [];
  const problems: CodeownersProblem[] = [];
  text.split("\n").forEach((raw, index) => {
    const line = index + 1;
    const content = raw.trim();
    if (content === "" || content.startsWith("#")) return;
    const [pattern = "", ...owners] = content.split(/\s+/);
    const unsupported = pattern.startsWith("!")
      ? "`!` negation"
      : /[[\]]/.test(pattern)
        ? "`[ ]` ranges"
        : pattern.includes("\\")
          ? "`\\` escapes"
          : undefined;
    if (unsupported)
      return void problems.push({ line, message: `${pattern}: CODEOWNERS does not support ${unsupported}; GitHub skips this line` });
    const notOwner = owners.find((o) => !ownerSyntax.test(o));
    if (notOwner !== undefined)
      return void problems.push({
        line,
        message: `${JSON.stringify(notOwner)} is not an owner (@user, @org/team or an email); GitHub skips this line`,
      });
    const expression = patternExpression(pattern);
    rules.push({ line, pattern, owners, matches: (path) => expression.test(path) });
  });
  return { rules, problems };
}

/** The rule that decides who owns a path (relative to the repository root), if any. */
export function ruleFor(rules: readonly OwnerRule[], path: string): OwnerRule | undefined {
  for (let i = rules.length - 1; i >= 0; i--) if (rules[i]!.matches(path)) return rules[i];
  return undefined;
}

/** Tracked paths that no rule gives an owner (unmatched, or matched last by a rule without owners). */
export function unownedPaths(rules: readonly OwnerRule[], paths: readonly string[]): string[] {
  return paths.filter((path) => (ruleFor(rules, path)?.owners.length ?? 0) === 0);
}

function patternExpression(pattern: string): RegExp {
  const directoryOnly = pattern.endsWith("/");
  const trimmed = directoryOnly ? pattern.slice(0, -1) : pattern;
  // gitignore: a slash at the start or in the middle anchors the pattern at the root.
  const anchored = trimmed.includes("/");
  // Runs of `**/` mean what one does; collapsed, they cannot make the (backtracking) RegExp below take minutes.
  const body = trimmed.replace(/^\//, "").replace(/(?:\*\*\/)+/g, "**/");
  // GitHub: `docs/*` and `/*` own the files directly inside, not nested ones; a bare `*` owns everything.
  const directChildrenOnly = pattern !== "*" && /(^|\/)\*$/.test(body);
  let source = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === "*" && body[i + 1] === "*") {
      source += body[i + 2] === "/" ? "(?:.*/)?" : ".*";
      i += body[i + 2] === "/" ? 2 : 1;
    } else if (c === "*") source += "[^/]*";
    else if (c === "?") source += "[^/]";
    else source += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  const start = anchored ? "^" : "^(?:.*/)?";
  const end = directoryOnly ? "/.*$" : directChildrenOnly ? "$" : "(?:/.*)?$";
  return new RegExp(start + source + end, "s");
}
