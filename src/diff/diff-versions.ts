/**
 * `leadrules diff`: both versions' policies (base from git, head from git or
 * the working tree), validated, compared as text, as data (semantic diff) and
 * by behaviour on the same leads, then checked against the version gates.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { createTwoFilesPatch } from "diff";
import type { Diagnostic } from "../diagnostics/index.js";
import { hasErrors, UsageError } from "../diagnostics/index.js";
import type { PolicySet } from "../analyse/policy-set.js";
import { specOf } from "../analyse/policy-set.js";
import { isUnreadable, readLeadRecords, type LeadInput } from "../load/read-leads.js";
import { assertInputFile } from "../load/input-file.js";
import { readPolicyFiles, type PolicyFile } from "../load/read-policy-files.js";
import { createNormalizer } from "../simulate/normalize.js";
import { validatePolicies } from "../validate/validate-policies.js";
import { defaultTopLimit, diffBehaviour, type BehaviourDiff } from "./behaviour-diff.js";
import { diffBehaviourInParallel } from "./parallel-diff.js";
import { worthWorkers } from "../parallel/batches.js";
import { checkGates, requiredBump, actualBump, type GateViolation } from "./gates.js";
import { openPolicyRepository, type GitVersion } from "./git.js";
import { diffPolicySets, type PolicyChange } from "./semantic-diff.js";
import { factLabels } from "../render/fact-labels.js";

export interface DiffOptions {
  /** Policy folder (in the working tree; the same path is read from git). */
  policies: string;
  base: string;
  /** A git ref; omitted: the working tree. */
  head?: string;
  /** Leads file; default: the head version's <policies>/samples/leads.csv. */
  leads?: string;
  asOf: string;
  topLimit?: number;
  /** Worker threads for a large CSV/NDJSON --leads file (default 1). */
  workers?: number;
  /** Called as leads are compared, with the count so far (progress bars). */
  onProgress?: (leads: number) => void;
}

export interface DiffReport {
  base: { ref: string; commit: string };
  head: { ref: string; commit: string | null };
  asOf: string;
  /** `skippedRows`: rows of the file left out of the comparison (bad values, or not readable at all: `unreadableRows`). */
  leads: { file: string; count: number; skippedRows: number; unreadableRows: number };
  policies: (PolicyChange & { requiredBump: string; actualBump: string })[];
  textDiffs: { file: string; patch: string }[];
  behaviour: BehaviourDiff;
  violations: GateViolation[];
}

export async function diffVersions(options: DiffOptions): Promise<{ report?: DiffReport; diagnostics: Diagnostic[] }> {
  const repo = await openPolicyRepository(options.policies);
  const directory = path.relative(repo.root, path.resolve(options.policies)).split(path.sep).join("/") || ".";
  const baseVersion = await repo.resolve(options.base);
  const headVersion: GitVersion | null = options.head ? await repo.resolve(options.head) : null;

  const baseFiles = await repo.readPolicies(baseVersion, directory);
  const headFiles: PolicyFile[] = headVersion
    ? await repo.readPolicies(headVersion, directory)
    : readPolicyFiles(options.policies).map((f) => ({ file: path.relative(repo.root, path.resolve(f.file)).split(path.sep).join("/"), text: f.text }));

  const base = validatePolicies(baseFiles);
  const head = validatePolicies(headFiles);
  const problems = [
    ...base.diagnostics.filter((d) => d.severity === "error").map((d) => ({ ...d, message: `[base ${options.base}] ${d.message}` })),
    ...head.diagnostics.filter((d) => d.severity === "error").map((d) => ({ ...d, message: `[head ${options.head ?? "working tree"}] ${d.message}` })),
  ];
  if (hasErrors(problems)) return { diagnostics: problems };
  if (!base.set.byKind.DataDictionary) throw new UsageError(`no policies found at ${options.base}:${directory}`, "Check --base and --policies.");

  // Default leads: the head version's sample corpus, from git or from the working tree.
  const leadsFile = options.leads ?? `${directory}/samples/leads.csv`;
  const leadsPath = options.leads ?? path.join(repo.root, leadsFile);
  const leadsText = !options.leads && headVersion ? await repo.readFile(headVersion, leadsFile) : undefined;
  if (!options.leads && (headVersion ? leadsText === undefined : !existsSync(leadsPath))) throw new UsageError(`no sample leads at ${leadsFile} in the head version`, "Pass --leads FILE.");
  // The default corpus is found inside the policies folder, so a link in a pull request must not lead out of it.
  if (!options.leads && !headVersion) assertInputFile(leadsPath, { what: "lead file", insideFolder: options.policies });
  const readInputs = () => readLeadRecords(leadsPath, { text: leadsText });

  const labels = new Map([...factLabels(base.set), ...factLabels(head.set)]);
  const changes = diffPolicySets(base.set, head.set, labels);
  const parallel = (options.workers ?? 1) > 1 && options.leads !== undefined && worthWorkers(options.leads);
  const { behaviour, problems: inputProblems } = parallel
    ? await diffBehaviourInParallel(base.set, head.set, options.leads!, options.asOf, options.topLimit ?? defaultTopLimit, options.workers!, options.onProgress)
    : await diffBehaviour(base.set, head.set, readInputs(), options.asOf, options.topLimit, options.onProgress);
  const usage = changes.some((c) => c.items.some((i) => i.change === "removed")) ? await usageOf(base.set, readInputs()) : new Map<string, number>();
  const violations = checkGates(changes, head.set, usage);

  const textDiffs = [...new Set([...baseFiles, ...headFiles].map((f) => f.file))]
    .sort()
    .flatMap((file) => {
      const before = baseFiles.find((f) => f.file === file)?.text ?? "";
      const after = headFiles.find((f) => f.file === file)?.text ?? "";
      if (before === after) return [];
      const patch = createTwoFilesPatch(`a/${file}`, `b/${file}`, before, after, undefined, undefined, { context: 3 });
      return [{ file, patch: patch.split("\n").filter((line) => !/^=+$/.test(line)).join("\n") }];
    });

  return {
    diagnostics: inputProblems,
    report: {
      base: { ref: options.base, commit: baseVersion.commit },
      head: { ref: options.head ?? "working tree", commit: headVersion?.commit ?? null },
      asOf: options.asOf,
      leads: { file: options.leads ?? leadsFile, count: behaviour.leads, skippedRows: rowsOf(inputProblems), unreadableRows: rowsOf(inputProblems.filter(isUnreadable)) },
      policies: changes.map((c) => ({ ...c, requiredBump: requiredBump(c), actualBump: !c.headVersion ? "removed" : c.baseVersion ? actualBump(c.baseVersion, c.headVersion) : "new" })),
      textDiffs,
      behaviour,
      violations,
    },
  };
}

function rowsOf(problems: readonly Diagnostic[]): number {
  return new Set(problems.map((p) => p.location?.line)).size;
}

/** How many leads use each field, picklist value and stage of the base version (for breaking removals). */
async function usageOf(base: PolicySet, inputs: AsyncIterable<LeadInput>): Promise<Map<string, number>> {
  const dictionary = specOf(base, "DataDictionary")!;
  const stageFact = specOf(base, "Lifecycle")?.stageFact;
  const normalizer = createNormalizer(dictionary);
  const usage = new Map<string, number>();
  const count = (key: string) => usage.set(key, (usage.get(key) ?? 0) + 1);
  for await (const input of inputs) {
    if (!("record" in input)) continue;
    const { lead } = normalizer.normalize(input.record.values, input.record.row);
    if (!lead) continue;
    for (const [field, value] of Object.entries(lead)) {
      if (value === null) continue;
      count(`field ${field}`);
      for (const v of Array.isArray(value) ? value : [value]) count(`picklist value ${field}=${String(v)}`);
      if (field === stageFact) count(`stage ${String(value)}`);
    }
  }
  return usage;
}
