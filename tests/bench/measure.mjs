// One measured phase of the benchmark, in its own process so peak RSS is its own.
// Prints {"leads", "seconds", "cpuSeconds", "maxRssMb"[, "bytesPerRow"]} as the last line of stdout.
// Wall and CPU time (user + system of every thread of this process) start after the phase's imports.
//
//   node tests/bench/measure.mjs parse FILE                      (a) the parse floor
//   node tests/bench/measure.mjs io-floor FILE OUT               (b) the I/O floor
//   node tests/bench/measure.mjs checked-floor FILE OUT          (c) (b) plus the input contract's checks
//   node tests/bench/measure.mjs parse-readline FILE             node:readline + JSON.parse, for reference
//   BENCH_COUNT=n node tests/bench/measure.mjs simulate FILE ENGINE OUT [WORKERS] [FORMAT]
//   BENCH_COUNT=n node tests/bench/measure.mjs diff FILE POLICIES OUT [WORKERS]
//   node tests/bench/measure.mjs sql-ceiling FILE.parquet OUT [THREADS] [MEMORY_LIMIT]   (d) the SQL path's ceiling
import { statSync } from "node:fs";
import { cpuSeconds } from "./rusage.mjs";

const [phase, file, ...rest] = process.argv.slice(2);
const asOf = "2026-06-01T12:00:00Z";
const quiet = { stdout: () => {}, stderr: (t) => process.stderr.write(t), isTty: false };

// The imports a phase needs are loaded before the clock starts.
const { readLeadLines } = await import("../../dist/load/read-leads.js");
const floor = phase === "io-floor" || phase === "checked-floor";
const { openAtomicFile } = floor ? await import("../../dist/write/write-files.js") : {};
const checks = phase === "checked-floor" ? await inputChecks() : undefined;
const { main } = phase === "simulate" || phase === "diff" ? await import("../../dist/cli/main.js") : {};
const ceiling = phase === "sql-ceiling" ? await import("./sql-ceiling.mjs") : undefined;
const { createInterface } = await import("node:readline");
const { createReadStream } = await import("node:fs");

const cpuStarted = cpuSeconds();
const started = performance.now();
let leads = 0;
let bytesPerRow;

/**
 * A row of simulate's NDJSON shape (nested score, lifecycle, route, content and retention objects, about
 * 1.2 KB as JSON) with no policy logic: every value is read from the parsed lead, so nothing is constant.
 */
function rowOf(l) {
  const fit = (l.employees ?? 0) % 50;
  const engagement = (l.emailClicks ?? 0) * 5 + (l.webinarsAttended ?? 0) * 10;
  return {
    id: l.leadId,
    score: {
      dimensions: { fit, engagement },
      total: fit + engagement,
      grade: l.seniority,
      thresholds: l.demoRequested ? [l.lifecycleStage] : [],
      excluded: l.unsubscribed ? l.consentStatus : null,
      rules: [
        { id: `fit.function.${l.jobFunction}`, dimension: "fit", points: fit },
        { id: `fit.seniority.${l.seniority}`, dimension: "fit", points: l.pricingPageVisits },
        { id: `fit.industry.${l.industry}`, dimension: "fit", points: l.contentDownloads },
        { id: `fit.country.${l.country}`, dimension: "fit", points: l.webinarsAttended },
        { id: `eng.source.${l.leadSource}`, dimension: "engagement", points: l.emailClicks },
        { id: `eng.stage.${l.lifecycleStage}`, dimension: "engagement", points: engagement },
      ],
      decay: l.emailBounced ? { engagement: l.emailClicks } : {},
      reset: l.trialStarted ? [l.leadSource] : [],
    },
    lifecycle: {
      before: l.lifecycleStage,
      after: l.lifecycleStage,
      path: l.isCustomer ? [l.accountTier] : [],
      oscillation: null,
      enteredAt: l.stageEnteredAt,
      disposition: {
        required: l.dispositionCode !== null,
        code: l.dispositionCode,
        dueAt: l.dispositionAt,
        status: l.consentStatus,
      },
    },
    route: {
      rule: `route.${l.accountTier}.${l.country}`,
      queue: l.accountTier,
      assignedQueue: l.accountTier,
      owner: l.ownerId ?? l.companyDomain,
      sla: {
        firstTouchDue: l.createdAt,
        escalateAt: l.lastActivityAt,
        reassignAt: l.assignedAt,
        arrivedOutsideHours: l.namedAccount,
      },
    },
    content: { eligible: [l.title, l.company, l.leadSource, l.email, l.industry, ...l.productInterest, ...l.techStack] },
    retention: { rule: `ret.${l.consentStatus}.${l.country}`, action: l.legalHold ? "hold" : "anonymize", dueDate: l.createdAt },
  };
}

/**
 * What "fail loudly" costs before any decision, with the product's own code: the NDJSON line checks (repeated
 * keys, numbers out of range), the bundled dictionary's intake (every field normalized, bad values flagged,
 * filled fields counted) and the duplicate-id check. Returns the parsed record, so (c)'s row is (b)'s.
 */
async function inputChecks() {
  const { parseLeadLine } = await import("../../dist/load/read-leads.js");
  const { loadPolicyDirectory } = await import("../../dist/api/cached-validation.js");
  const { planPolicies } = await import("../../dist/compile/plan.js");
  const { createIntake } = await import("../../dist/input/intake.js");
  const { DuplicateIds } = await import("../../dist/simulate/duplicate-ids.js");
  const { set } = await loadPolicyDirectory(new URL("../../policies", import.meta.url).pathname);
  const plan = planPolicies(set);
  const intake = createIntake(plan, { file });
  const idField = plan.dictionary.idField;
  const ids = new DuplicateIds(file, () => {});
  return (numbered) => {
    const parsed = parseLeadLine(numbered);
    if (!("values" in parsed)) throw new Error(parsed.problem.message);
    const taken = intake.take(parsed.values, numbered.row);
    if (taken === undefined) throw new Error(`line ${numbered.row} was rejected`);
    ids.see(String(taken.lead[idField]), numbered.row);
    return parsed.values;
  };
}

if (phase === "parse") {
  // The product's own line reader, the fastest we have, so the ratios are not flattered by a slow floor.
  for await (const lines of readLeadLines(file)) {
    for (const { line } of lines) {
      JSON.parse(line);
      leads++;
    }
  }
} else if (floor) {
  // Everything simulate does except deciding: read, parse, build and stringify a row of the output's
  // shape, and write it the way simulateLeadFile does (encoded into the atomic file's chunks, drain
  // awaited every 1,000 rows as simulateStream does, renamed into place at the end). (c) also makes every
  // check of the input contract that simulate makes before deciding (see inputChecks).
  const [out] = rest;
  const sink = openAtomicFile(out);
  let sinceDrain = 0;
  for await (const lines of readLeadLines(file)) {
    for (const numbered of lines) {
      const values = checks ? checks(numbered) : JSON.parse(numbered.line);
      sink.append(`${JSON.stringify(rowOf(values))}\n`);
      leads++;
      if (++sinceDrain >= 1000) {
        sinceDrain = 0;
        await sink.drain();
      }
    }
  }
  await sink.commit();
  bytesPerRow = statSync(out).size / leads;
} else if (phase === "parse-readline") {
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (line) {
      JSON.parse(line);
      leads++;
    }
  }
} else if (phase === "simulate") {
  const [engine, out, workers = "1", format = "ndjson"] = rest;
  const code = await main(
    ["simulate", "--leads", file, "--as-of", asOf, "--format", format, "--engine", engine, "--out", out, "--workers", workers, "--quiet"],
    quiet,
  );
  if (code !== 0) process.exit(code);
  leads = Number(process.env.BENCH_COUNT);
  bytesPerRow = statSync(out).size / leads;
} else if (phase === "diff") {
  const [policies, out, workers = "1"] = rest;
  const code = await main(
    [
      "diff",
      "--policies",
      policies,
      "--base",
      "main",
      "--head",
      "change",
      "--leads",
      file,
      "--as-of",
      asOf,
      "--format",
      "json",
      "--out",
      out,
      "--workers",
      workers,
      "--quiet",
    ],
    quiet,
  );
  if (code !== 0) process.exit(code);
  leads = Number(process.env.BENCH_COUNT);
} else if (ceiling) {
  const [out, threads = "1", memoryLimit = "500MB"] = rest;
  leads = await ceiling.decideInDuckDb(file, out, Number(threads), asOf, memoryLimit);
  bytesPerRow = statSync(out).size / leads;
} else {
  throw new Error(`unknown phase ${phase}`);
}

const seconds = (performance.now() - started) / 1000;
const cpu = cpuSeconds() - cpuStarted;
const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(JSON.stringify({ leads, seconds, cpuSeconds: cpu, maxRssMb, ...(bytesPerRow !== undefined ? { bytesPerRow } : {}) }));
