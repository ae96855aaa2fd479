// npm run bench: throughput and peak memory of simulate and diff against the
// parse floor, on seeded synthetic leads (BENCH_LEADS, default 1,000,000).
// Not part of npm test; figures go to docs/performance.md.
import { execFileSync } from "node:child_process";
import { createWriteStream, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { cpus } from "node:os";
import path from "node:path";
import { generateLeads, validatePolicyDirectory, specOf } from "../../dist/index.js";

const root = path.resolve(import.meta.dirname, "../..");
const work = path.join(root, ".bench");
const count = Number(process.env.BENCH_LEADS ?? 1_000_000);
const slice = Math.min(20_000, count);
mkdirSync(work, { recursive: true });

const leadsFile = path.join(work, `leads-${count}.ndjson`);
const sliceFile = path.join(work, `leads-${slice}-slice.ndjson`);
if (!existsSync(leadsFile)) {
  process.stderr.write(`generating ${count} leads (seeded) into ${leadsFile}...\n`);
  const dictionary = specOf(validatePolicyDirectory(path.join(root, "policies")).set, "DataDictionary");
  const out = createWriteStream(leadsFile);
  const chunk = 20_000;
  for (let start = 0; start < count; start += chunk) {
    const leads = generateLeads(dictionary, {
      count: Math.min(chunk, count - start),
      seed: 1000 + start / chunk,
      asOf: "2026-06-01T12:00:00.000Z",
    });
    const text = leads.map((l, i) => JSON.stringify({ ...l, leadId: `B${String(start + i).padStart(8, "0")}` })).join("\n") + "\n";
    if (!out.write(text)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}
if (!existsSync(sliceFile)) writeFileSync(sliceFile, readFileSync(leadsFile, "utf8").split("\n").slice(0, slice).join("\n") + "\n");

// Two policy versions for diff: the bundled set, and the same with MQL at 90 points.
const repo = path.join(work, "diff-repo");
if (!existsSync(repo)) {
  mkdirSync(repo);
  cpSync(path.join(root, "policies"), path.join(repo, "policies"), { recursive: true });
  const git = (...args) =>
    execFileSync("git", args, {
      cwd: repo,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "b",
        GIT_AUTHOR_EMAIL: "b@example.invalid",
        GIT_COMMITTER_NAME: "b",
        GIT_COMMITTER_EMAIL: "b@example.invalid",
      },
    });
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-q", "-m", "base");
  git("checkout", "-q", "-b", "change");
  const scoring = path.join(repo, "policies/scoring-model.yaml");
  writeFileSync(scoring, readFileSync(scoring, "utf8").replace("minimums: { total: 100, fit: 30 }", "minimums: { total: 90, fit: 30 }"));
  git("commit", "-q", "-am", "MQL at 90");
}

const measure = (label, args, leads) => {
  process.stderr.write(`${label}...\n`);
  const output = execFileSync(process.execPath, [path.join(root, "tests/bench/measure.mjs"), ...args], {
    env: { ...process.env, BENCH_COUNT: String(leads) },
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  const result = JSON.parse(output.trim().split("\n").pop());
  return { label, ...result, rate: result.leads / result.seconds };
};

const rows = [
  measure("(a) parse floor: read lines + JSON.parse", ["parse", leadsFile], count),
  measure("(b) simulate, compiled, 1 worker", ["simulate", leadsFile, "compiled", path.join(work, "sim.ndjson")], count),
  measure(
    `(b) simulate, compiled, ${cpus().length} workers`,
    ["simulate", leadsFile, "compiled", path.join(work, "sim-workers.ndjson"), String(cpus().length)],
    count,
  ),
  measure(
    `(c) simulate, json-rules-engine, ${slice} slice`,
    ["simulate", sliceFile, "reference", path.join(work, "sim-ref.ndjson")],
    slice,
  ),
  measure("(d) diff of two policy versions, 1 worker", ["diff", leadsFile, path.join(repo, "policies")], count),
  measure(
    `(d) diff of two policy versions, ${cpus().length} workers`,
    ["diff", leadsFile, path.join(repo, "policies"), String(cpus().length)],
    count,
  ),
  measure("for reference: node:readline + JSON.parse", ["parse-readline", leadsFile], count),
];

const fmt = (n) => Math.round(n).toLocaleString("en-US");
console.log(`\nleadrules bench: ${fmt(count)} leads, ${cpus().length} cores, node ${process.version}\n`);
console.log("| measurement | leads | seconds | leads/s | peak RSS MB |");
console.log("| --- | --- | --- | --- | --- |");
for (const r of rows) console.log(`| ${r.label} | ${fmt(r.leads)} | ${r.seconds.toFixed(1)} | ${fmt(r.rate)} | ${r.maxRssMb} |`);
const [a, b, bAll, c, d, dAll] = rows;
console.log(
  `\n(b)/(a) simulate vs parse floor: ${((b.rate / a.rate) * 100).toFixed(1)}% with 1 worker (target: at least 50%), ${((bAll.rate / a.rate) * 100).toFixed(1)}% with ${cpus().length} (target: at least 85%)`,
);
console.log(`(b)/(c) compiled vs json-rules-engine: ${(b.rate / c.rate).toFixed(1)}x (target: at least 50x)`);
console.log(
  `(d)/(b) diff vs one simulate: ${(d.seconds / b.seconds).toFixed(2)}x the time with 1 worker, ${(dAll.seconds / bAll.seconds).toFixed(2)}x with ${cpus().length} (target: at most 2.5x)`,
);
