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
import type { PolicySet } from "../model/policy-set.js";
import { specOf } from "../model/policy-set.js";
import { readLeadRecords } from "../load/read-leads.js";
import type { LeadInput } from "../load/lead-input.js";
import { assertInputFile } from "../load/input-file.js";
import { readLeadMapping } from "../validate/read-lead-mapping.js";
import { assertLeadOutputs, rejectsWriter, type LeadInputFlags } from "./open-leads.js";
import { policyFilePaths, readPolicyFiles, type PolicyFile } from "../load/read-policy-files.js";
import { createNormalizer } from "../input/normalize.js";
import { resolveReadSettings, type ReadChoice } from "../input/read-settings.js";
import type { ReadReport } from "../input/read-report.js";
import { addJoinReport, emptyJoinReport, joinLeads, type JoinSpec } from "../input/join.js";
import type { ReadOptions } from "../input/intake.js";
import type { DictionarySpec } from "../model/policy.js";
import type { ReadSettings } from "../model/import-profile.js";
import { displayPath } from "../load/read-policy-files.js";
import { validatePolicyFiles } from "./validate-policy-directory.js";
import type { PolicyCache } from "./policy-cache.js";
import { defaultTopLimit } from "../diff/behaviour-diff.js";
import { diffBehaviour } from "../diff/diff-leads.js";
import { diffNurture } from "../diff/nurture-impact.js";
import { diffBehaviourInParallel } from "../parallel/diff-parallel.js";
import { chooseWorkers } from "../parallel/choose-workers.js";
import { checkGates, requiredBump, actualBump } from "../diff/gates.js";
import { openPolicyRepository, type GitVersion } from "../diff/git.js";
import { diffPolicySets } from "../diff/semantic-diff.js";
import { queueLoadImpact } from "../diff/queue-impact.js";
import { backtestVersions } from "./backtest-lead-file.js";
import type { DiffReport } from "../diff/diff-report.js";
import { factLabels } from "../render/fact-labels.js";
import type { DiffEngineName } from "../compile/engine-names.js";

export interface DiffOptions {
  /** Policy folder (in the working tree; the same path is read from git). */
  policies: string;
  base: string;
  /** A git ref; omitted: the working tree. */
  head?: string;
  /** Leads file; default: the head version's <policies>/samples/leads.csv. */
  leads?: string;
  asOf: string;
  /** How the leads file is read (`--source`, `--mapping`), resolved against each version's dictionary. */
  read?: ReadChoice & Pick<ReadOptions, "allowMissing" | "maxBadRows" | "onBadRow"> & { join?: JoinSpec };
  topLimit?: number;
  /** A history of leads with a known outcome, to backtest both versions on (`--history`); its outcome column (`--outcome`). */
  history?: string;
  outcome?: string;
  /** How the history is read: the same `--source` or `--mapping` (a file) and allowances as the leads. */
  historyRead?: Pick<LeadInputFlags, "source" | "mapping" | "maxBadRows" | "allowMissing">;
  /** Utilisation over which the report flags a queue (default 0.85). */
  maxUtilisation?: number;
  /** Keep every changed lead in the report (`behaviour.changed`): the JSON format and `--changes` list them all. */
  keepChanged?: boolean;
  /** What decides the leads: the compiled engine (default) or DuckDB (`diff --engine duckdb`, docs/sql.md). */
  engine?: DiffEngineName;
  /** Worker threads for a large CSV/NDJSON --leads file (default 1); with the duckdb engine, DuckDB's threads. */
  workers?: number;
  /** With the duckdb engine, DuckDB's memory limit (its syntax: `500MB`, `2GB`); default 500MB. */
  memoryLimit?: string;
  /** Called as leads are compared, with the count so far (progress bars). */
  onProgress?: (leads: number) => void;
  /** Where both versions' validation is cached (`policyCacheFor`); none by default. */
  cache?: PolicyCache | null;
}

export async function diffVersions(
  options: DiffOptions,
): Promise<{ report?: DiffReport; diagnostics: Diagnostic[]; reads?: { base: ReadReport; head: ReadReport } }> {
  const repo = await openPolicyRepository(options.policies);
  const directory = path.relative(repo.root, path.resolve(options.policies)).split(path.sep).join("/") || ".";
  const baseVersion = await repo.resolve(options.base);
  const headVersion: GitVersion | null = options.head ? await repo.resolve(options.head) : null;

  const baseFiles = await repo.readPolicies(baseVersion, directory);
  const headFiles: PolicyFile[] = headVersion
    ? await repo.readPolicies(headVersion, directory)
    : readPolicyFiles(options.policies).map((f) => ({
        file: path.relative(repo.root, path.resolve(f.file)).split(path.sep).join("/"),
        text: f.text,
      }));

  // Only errors refuse a diff: the analysis's warnings are validate's.
  const base = validatePolicyFiles(baseFiles, { decisionLogic: "errors", cache: options.cache ?? null });
  const head = validatePolicyFiles(headFiles, { decisionLogic: "errors", cache: options.cache ?? null });
  const problems = [
    ...base.diagnostics.filter((d) => d.severity === "error").map((d) => ({ ...d, message: `[base ${options.base}] ${d.message}` })),
    ...head.diagnostics
      .filter((d) => d.severity === "error")
      .map((d) => ({ ...d, message: `[head ${options.head ?? "working tree"}] ${d.message}` })),
  ];
  if (hasErrors(problems)) return { diagnostics: problems };
  if (!base.set.byKind.DataDictionary)
    throw new UsageError(`no policies found at ${options.base}:${directory}`, "Check --base and --policies.");

  // Default leads: the head version's sample corpus, from git or from the working tree.
  const leadsFile = options.leads ?? `${directory}/samples/leads.csv`;
  const leadsPath = options.leads ?? path.join(repo.root, leadsFile);
  const leadsText = !options.leads && headVersion ? await repo.readFile(headVersion, leadsFile) : undefined;
  if (!options.leads && (headVersion ? leadsText === undefined : !existsSync(leadsPath)))
    throw new UsageError(`no sample leads at ${leadsFile} in the head version`, "Pass --leads FILE.");
  // The default corpus is found inside the policies folder, so a link in a pull request must not lead out of it.
  if (!options.leads && !headVersion) assertInputFile(leadsPath, { what: "lead file", insideFolder: options.policies });
  const choice: ReadChoice = {
    ...(options.read?.source !== undefined ? { source: options.read.source } : {}),
    ...(options.read?.mapping ? { mapping: options.read.mapping } : {}),
  };
  const readBy = (dictionary: DictionarySpec): ReadOptions => ({
    read: resolveReadSettings(dictionary, choice),
    file: options.leads !== undefined ? displayPath(options.leads) : leadsFile,
    ...(options.read?.allowMissing ? { allowMissing: options.read.allowMissing } : {}),
    ...(options.read?.maxBadRows !== undefined ? { maxBadRows: options.read.maxBadRows } : {}),
  });
  // The head's version decides how the file must be read and hears of bad rows (`--rejects`): it is the one the
  // pull request would approve. The base reads it as well as it can (a system or a column the pull request
  // adds is no input error); its own problems are warnings of the report.
  const headOptions: ReadOptions = {
    ...readBy(specOf(head.set, "DataDictionary")!),
    ...(options.read?.onBadRow ? { onBadRow: options.read.onBadRow } : {}),
  };
  const baseOptions = ((): ReadOptions => {
    try {
      return readBy(specOf(base.set, "DataDictionary")!);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      const { onBadRow: _headOnly, ...head } = headOptions;
      return head;
    }
  })();
  const reads: [ReadOptions, ReadOptions] = [{ ...baseOptions, checkHeader: false }, headOptions];
  const join = options.read?.join;
  const joinReport = join ? emptyJoinReport(join) : undefined;
  const readInputs = (report = joinReport) => {
    const leads = readLeadRecords(leadsPath, { ...(leadsText !== undefined ? { text: leadsText } : {}), layout: reads[1].read!.layout });
    return join ? joinLeads(leads, join, report ?? emptyJoinReport(join)) : leads;
  };

  const labels = new Map([...factLabels(base.set), ...factLabels(head.set)]);
  const changes = diffPolicySets(base.set, head.set, labels);
  const duckdb = options.engine === "duckdb";
  const accumulate = { topLimit: options.topLimit ?? defaultTopLimit, keepChanged: options.keepChanged ?? false };
  // DuckDB runs its own threads (--workers of them): the leads are read and normalized by this one.
  const workers = duckdb
    ? 1
    : chooseWorkers({
        requested: options.workers ?? 1,
        file: options.leads,
        join: join !== undefined,
        rejects: options.read?.onBadRow !== undefined,
      });
  const {
    behaviour,
    reads: [baseRead, headRead],
  } = duckdb
    ? await (await import("../duckdb/diff-duckdb.js")).diffBehaviourDuckDb(
        base.set,
        head.set,
        readInputs(),
        options.asOf,
        reads,
        accumulate,
        options.onProgress,
        { threads: options.workers ?? 1, memoryLimit: options.memoryLimit },
      )
    : workers > 1
      ? await diffBehaviourInParallel(base.set, head.set, options.leads!, options.asOf, accumulate, workers, reads, options.onProgress)
      : await diffBehaviour(base.set, head.set, readInputs(), options.asOf, reads, accumulate, options.onProgress);
  // Nurture is decided in a second pass over the same leads, by each version's pipeline (diff/nurture-impact.ts).
  const nurture = await diffNurture(base.set, head.set, readInputs(join ? emptyJoinReport(join) : undefined), options.asOf, reads);
  const usage = changes.some((c) => c.items.some((i) => i.change === "removed"))
    ? await usageOf(base.set, reads[0].read!, readInputs(join ? emptyJoinReport(join) : undefined))
    : new Map<string, number>();
  const violations = checkGates(changes, head.set, usage);
  if (joinReport) addJoinReport(headRead, joinReport);

  const textDiffs = [...new Set([...baseFiles, ...headFiles].map((f) => f.file))].sort().flatMap((file) => {
    const before = baseFiles.find((f) => f.file === file)?.text ?? "";
    const after = headFiles.find((f) => f.file === file)?.text ?? "";
    if (before === after) return [];
    const patch = createTwoFilesPatch(`a/${file}`, `b/${file}`, before, after, undefined, undefined, { context: 3 });
    return [
      {
        file,
        patch: patch
          .split("\n")
          .filter((line) => !/^=+$/.test(line))
          .join("\n"),
      },
    ];
  });

  // The history: --history, else the one the head's scoring model names (a file of the head version, as the sample leads are).
  const named = specOf(head.set, "ScoringModel")?.backtest;
  const history =
    options.history !== undefined
      ? { file: options.history, outcome: options.outcome }
      : named
        ? {
            named: true,
            file: `${directory}/${named.history}`,
            outcome: options.outcome ?? named.outcome,
            text: headVersion ? await repo.readFile(headVersion, `${directory}/${named.history}`) : undefined,
            path: headVersion ? undefined : path.join(options.policies, named.history),
          }
        : undefined;
  if (!history && options.outcome !== undefined)
    throw new UsageError(
      "--outcome names the outcome column of a history, and there is none",
      "Pass --history FILE too, or name one in the scoring model's backtest.",
    );
  const backtest = history
    ? await backtestBoth(base.set, head.set, {
        ...history,
        asOf: options.asOf,
        policies: options.policies,
        read: options.historyRead ?? {},
      })
    : null;

  return {
    diagnostics: [],
    reads: { base: baseRead, head: headRead },
    report: {
      base: { ref: options.base, commit: baseVersion.commit },
      head: { ref: options.head ?? "working tree", commit: headVersion?.commit ?? null },
      asOf: options.asOf,
      leads: { file: options.leads ?? leadsFile, count: behaviour.leads, leftOut: headRead.rows - behaviour.leads, read: headRead },
      policies: changes.map((c) => ({
        ...c,
        requiredBump: requiredBump(c),
        actualBump: !c.headVersion ? "removed" : c.baseVersion ? actualBump(c.baseVersion, c.headVersion) : "new",
      })),
      textDiffs,
      behaviour,
      backtest,
      queueLoad: queueLoadImpact(base.set, head.set, behaviour.volumes, options.maxUtilisation),
      // Shown only where it says something: both versions nurture and a lead's nurture changes.
      ...(nurture && nurture.changedLeads > 0 ? { nurture } : {}),
      violations,
    },
  };
}

export interface DiffFileOptions extends LeadInputFlags, Omit<DiffOptions, "read"> {
  /** Where the report will be written (checked before the comparison runs: the report is written last). */
  out?: string;
  /** Where every changed lead will be written (`--changes`; checked like `out`). */
  changes?: string;
}

/** `diff` by the input contract's choices: the mapping file read, the outputs checked, bad rows written to `rejects`. */
export async function diffVersionFiles(options: DiffFileOptions): ReturnType<typeof diffVersions> {
  // The history is an input too: no output may replace it.
  assertLeadOutputs(options.leads ?? path.join(options.policies, "samples", "leads.csv"), options, [
    ...policyFilePaths(options.policies),
    ...(options.history !== undefined ? [options.history] : []),
  ]);
  const rejects = options.rejects ? rejectsWriter(options.rejects) : undefined;
  if ((options.join === undefined) !== (options.on === undefined))
    throw new UsageError("--join and --on go together: --join FILE --on KEY_COLUMN", "See leadrules diff --help.");
  try {
    const { source, mapping, join, on, maxBadRows, allowMissing, rejects: _file, out: _out, changes: _changes, ...diff } = options;
    const result = await diffVersions({
      ...diff,
      historyRead: {
        ...(source !== undefined ? { source } : {}),
        ...(mapping !== undefined ? { mapping } : {}),
        ...(maxBadRows !== undefined ? { maxBadRows } : {}),
        ...(allowMissing ? { allowMissing } : {}),
      },
      read: {
        ...(source !== undefined ? { source } : {}),
        ...(mapping !== undefined ? { mapping: readLeadMapping(mapping) } : {}),
        ...(allowMissing ? { allowMissing } : {}),
        ...(maxBadRows !== undefined ? { maxBadRows } : {}),
        ...(join ? { join: { file: join, on: on! } } : {}),
        ...(rejects ? { onBadRow: rejects.write } : {}),
      },
    });
    await rejects?.commit();
    return result;
  } catch (error) {
    rejects?.abort();
    throw error;
  }
}

/**
 * Both versions backtested on a history: `--history FILE --outcome FIELD`, or the scoring model's `backtest`
 * (a file inside the policy folder, read from the head version: `text` from git, or `path` in the working tree).
 */
async function backtestBoth(
  base: PolicySet,
  head: PolicySet,
  history: {
    file: string;
    outcome: string | undefined;
    /** Named by the scoring model, not by --history. */
    named?: boolean;
    text?: string | undefined;
    path?: string | undefined;
    asOf: string;
    policies: string;
    read: NonNullable<DiffOptions["historyRead"]>;
  },
): Promise<DiffReport["backtest"]> {
  if (history.outcome === undefined)
    throw new UsageError("--history needs --outcome FIELD: the column that says whether each lead converted", "See docs/backtest.md.");
  const named = history.named === true;
  if (named && history.text === undefined && history.path === undefined)
    throw new UsageError(
      `no history at ${history.file} in the head version`,
      "Fix the scoring model's backtest.history, or pass --history FILE.",
    );
  if (named && history.path !== undefined) {
    // A history the policies name must be a file of the policy folder: a link in a pull request must not lead out of it.
    assertInputFile(history.path!, { what: "history file (the scoring model's backtest.history)", insideFolder: history.policies });
  } else if (!named) assertInputFile(history.file, { what: "history file" });
  const { comparison, read } = await backtestVersions(base, head, {
    ...history.read,
    leads: history.path ?? history.file,
    ...(history.text !== undefined ? { text: history.text } : {}),
    asOf: history.asOf,
    outcome: history.outcome,
    policies: history.policies,
  });
  // A history that could not be fully read gives no figures to trust: the diff fails as for its leads file.
  if (read.head.failures.length > 0)
    throw new UsageError(
      `the history ${displayPath(history.file)} could not be fully read: ${read.head.failures.join("; ")}`,
      "Fix the file, or allow the rows with --max-bad-rows.",
    );
  return { file: displayPath(history.file), comparison };
}

/** How many leads use each field, picklist value and stage of the base version (for breaking removals). */
async function usageOf(base: PolicySet, settings: ReadSettings, inputs: AsyncIterable<LeadInput>): Promise<Map<string, number>> {
  const dictionary = specOf(base, "DataDictionary")!;
  const stageFact = specOf(base, "Lifecycle")?.stageFact;
  const normalizer = createNormalizer(dictionary, settings);
  const usage = new Map<string, number>();
  const count = (key: string) => usage.set(key, (usage.get(key) ?? 0) + 1);
  for await (const input of inputs) {
    if (!("record" in input)) continue;
    const { lead } = normalizer.normalize(input.record.values, input.record.row);
    for (const [field, value] of Object.entries(lead)) {
      if (value === null) continue;
      count(`field ${field}`);
      for (const v of Array.isArray(value) ? value : [value]) count(`picklist value ${field}=${String(v)}`);
      if (field === stageFact) count(`stage ${String(value)}`);
    }
  }
  return usage;
}
