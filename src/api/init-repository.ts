/**
 * `leadrules init`: a governance repository for another company. It writes the scaffold (a minimal valid
 * policy set of every kind with TODOs, test suites, the workflow, editor settings, a README for the council),
 * then what leadrules derives from it: CODEOWNERS for the company's organization, sample leads and the Data
 * Definitions. So the new repository passes `validate`, `test` and `docs --check` as written.
 *
 * It only creates: a file that already exists is never replaced (the whole run is refused before anything is
 * written), but for a `package.json`, which is kept (`npm init` and `npm install leadrules` come first).
 */
import { lstatSync, mkdirSync } from "node:fs";
import path from "node:path";
import { UsageError } from "../diagnostics/index.js";
import { leadrulesPackage } from "../model/package-info.js";
import { buildPolicySet } from "../model/policy-set.js";
import { renderCodeowners } from "../render/codeowners.js";
import { renderScaffold } from "../render/scaffold.js";
import { writeNewFile } from "../write/write-files.js";
import { generateDocs } from "./generate-files.js";
import { sampleLeadFile } from "./sample-lead-file.js";
import { validatePolicyDirectory } from "./validate-policy-directory.js";

export interface InitOptions {
  /** The repository's folder; created when missing. */
  directory: string;
  company: string;
  /** The GitHub organization whose teams own the policies. */
  org: string;
}

export interface InitResult {
  /** Files written, relative to the folder, in order. */
  written: string[];
  /** Files that were there and are kept (a package.json). */
  kept: string[];
}

/** The hand-written CODEOWNERS section: IT owns everything but the policies, whose owners follow below it. */
const handWrittenOwners = (org: string) => [
  "# Everything not named below: IT, including the workflow and this file.",
  `* @${org}/it`,
  `/.github/ @${org}/it`,
];

export async function initRepository(options: InitOptions): Promise<InitResult> {
  const scaffold = renderScaffold({ company: options.company, org: options.org, version: leadrulesPackage.version });
  const root = options.directory;
  const rootEntry = lstatSync(root, { throwIfNoEntry: false });
  if (rootEntry && !rootEntry.isDirectory())
    throw new UsageError(
      `${root} is ${rootEntry.isSymbolicLink() ? "a link" : "a file"}, not a folder`,
      "Give init a new or empty folder (leadrules init DIR).",
    );
  const entry = (file: string) => lstatSync(path.join(root, file), { throwIfNoEntry: false });
  const kept = entry("package.json") ? ["package.json"] : [];
  const derived = [".github/CODEOWNERS", "policies/samples/leads.csv", "generated/docs", "generated/site"];
  // A file to write that is there, or a folder on its way that is something else (a link, a file).
  const folders = new Set(
    [...scaffold.keys(), ...derived].flatMap((file) =>
      file
        .split("/")
        .slice(0, -1)
        .map((_, i, parts) => parts.slice(0, i + 1).join("/")),
    ),
  );
  const clashes = [
    ...[...folders].filter((folder) => entry(folder)?.isDirectory() === false),
    ...[...scaffold.keys(), ...derived].filter((file) => !kept.includes(file) && entry(file)),
  ];
  if (clashes.length > 0)
    throw new UsageError(
      `${root} already has ${clashes.slice(0, 5).join(", ")}${clashes.length > 5 ? ` and ${clashes.length - 5} more` : ""}; init only creates files`,
      "Run init in a new or empty folder (leadrules init DIR), or move those files away first.",
    );

  mkdirSync(root, { recursive: true });
  const written: string[] = [];
  const write = (file: string, text: string) => {
    writeNewFile(root, file, text);
    written.push(file);
  };
  for (const [file, text] of scaffold) if (!kept.includes(file)) write(file, text);

  const policies = path.join(root, "policies");
  const { set, diagnostics } = validatePolicyDirectory(policies, { decisionLogic: "errors" });
  const errors = diagnostics.filter((d) => d.severity === "error");
  // The scaffold is ours: a policy error in it is a bug of leadrules, not of the user's input.
  if (!set || errors.length > 0) throw new Error(`the init scaffold does not validate: ${errors.map((d) => d.message).join("; ")}`);
  // The policies as the new repository names them (from its root), as CODEOWNERS and the docs show them.
  const asInRepository = buildPolicySet(set.policies.map((p) => ({ ...p, file: path.relative(root, p.file).split(path.sep).join("/") })));
  write(".github/CODEOWNERS", renderCodeowners(asInRepository, `@${options.org}/`, handWrittenOwners(options.org)));

  let leads = "";
  await sampleLeadFile(set, { policies, count: 200, seed: 42, asOf: "2026-06-01T12:00:00.000Z" }, (text) => {
    leads += text;
  });
  write("policies/samples/leads.csv", leads);

  const docs = generateDocs(asInRepository, { policies, out: path.join(root, "generated") });
  if (!docs.check) written.push(...docs.folders.flatMap((f) => f.written.map((file) => path.relative(root, path.join(f.directory, file)))));
  return { written, kept };
}
