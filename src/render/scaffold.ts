/**
 * `init`'s scaffold: the files of templates/init/, with the company's name, its GitHub organization and the
 * leadrules version put in. Each value is escaped for the file it lands in, by the file's kind: Markdown
 * escaped in `.md`, a JSON string's content in `.json`; elsewhere (YAML, CODEOWNERS, the workflow) only the
 * organization and the version may appear, and both are checked tokens, so no name can break out of a YAML
 * scalar or a CODEOWNERS line.
 *
 * The templates are stored without leading dots (`github/`, `vscode/`, `gitignore`): npm leaves a package's
 * `.gitignore` out of its tarball and some tools skip dot-folders. The first segment names its real place.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "../diagnostics/index.js";
import { escapeMarkdown } from "./escape/markdown.js";

const scaffoldDirectory = fileURLToPath(new URL("../../templates/init/", import.meta.url));
const dotted: Record<string, string> = { github: ".github", vscode: ".vscode", gitignore: ".gitignore" };

export interface ScaffoldValues {
  /** The company's name, as people write it ("Acme Data, Inc."). */
  company: string;
  /** Its GitHub organization (the teams of CODEOWNERS are `@org/<owner>`). */
  org: string;
  /** The leadrules version the scaffold depends on. */
  version: string;
}

/** A GitHub organization's login: letters, digits and single inner hyphens, at most 39 characters. */
const githubOrg = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;

export function assertScaffoldValues(values: ScaffoldValues): void {
  if (!githubOrg.test(values.org))
    throw new UsageError(
      `--org ${JSON.stringify(values.org)} is not a GitHub organization name`,
      "Give the organization's login as in its URL (github.com/ORG): letters, digits and single hyphens.",
    );
  if (values.company.trim() === "" || values.company.length > 100 || /[\u0000-\u001f\u007f-\u009f]/.test(values.company))
    throw new UsageError(
      `--company ${JSON.stringify(values.company)} is not a company name`,
      "Give the name on one line, at most 100 characters.",
    );
}

/** The scaffold's files: path (with its dots) -> text, in path order. */
export function renderScaffold(values: ScaffoldValues): Map<string, string> {
  assertScaffoldValues(values);
  const files = new Map<string, string>();
  for (const template of listFiles(scaffoldDirectory)) {
    const [first, ...rest] = template.split("/");
    const target = [dotted[first!] ?? first!, ...rest].join("/");
    files.set(target, fill(readFileSync(path.join(scaffoldDirectory, template), "utf8"), template, values));
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}

function fill(text: string, template: string, values: ScaffoldValues): string {
  const escapeValue = template.endsWith(".md")
    ? escapeMarkdown
    : template.endsWith(".json")
      ? (value: string) => JSON.stringify(value).slice(1, -1)
      : null;
  return text.replace(/\{\{(company|org|version)\}\}/g, (_match, name: keyof ScaffoldValues) => {
    if (name === "company" && !escapeValue)
      throw new Error(`templates/init/${template}: {{company}} has no escaping rule in this kind of file`);
    return escapeValue ? escapeValue(values[name]) : values[name];
  });
}

function listFiles(directory: string, prefix = ""): string[] {
  return readdirSync(path.join(directory, prefix), { withFileTypes: true })
    .flatMap((entry) => {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      return entry.isDirectory() ? listFiles(directory, relative) : [relative];
    })
    .sort();
}
