// One measured phase of the benchmark, in its own process so peak RSS is its own.
// Prints {"leads": n, "seconds": s, "maxRssMb": m} on stdout.
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { main } from "../../dist/cli/main.js";
import { readLeadLines } from "../../dist/load/read-leads.js";

const [phase, file, ...rest] = process.argv.slice(2);
const asOf = "2026-06-01T12:00:00Z";
const quiet = { stdout: () => {}, stderr: (t) => process.stderr.write(t), isTty: false };
const started = performance.now();
let leads = 0;

if (phase === "parse") {
  // The floor uses the product's own line reader, the fastest we have, so the ratios are not flattered.
  for await (const lines of readLeadLines(file)) {
    for (const { line } of lines) {
      JSON.parse(line);
      leads++;
    }
  }
} else if (phase === "parse-readline") {
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (line) {
      JSON.parse(line);
      leads++;
    }
  }
} else if (phase === "simulate") {
  const [engine, out, workers = "1"] = rest;
  const code = await main(
    ["simulate", "--leads", file, "--as-of", asOf, "--format", "ndjson", "--engine", engine, "--out", out, "--workers", workers, "--quiet"],
    quiet,
  );
  if (code !== 0) process.exit(code);
  leads = Number(process.env.BENCH_COUNT);
} else if (phase === "diff") {
  const [policies, workers = "1"] = rest;
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
      `${file}.diff.json`,
      "--workers",
      workers,
    ],
    quiet,
  );
  if (code !== 0) process.exit(code);
  leads = Number(process.env.BENCH_COUNT);
}

const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ leads, seconds, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
