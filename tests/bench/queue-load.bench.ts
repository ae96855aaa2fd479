/**
 * Timing of the queue-load estimate (docs/queue-load.md, "Cost"): each case once cold, then the median of warm runs.
 *   npx tsx tests/bench/queue-load.bench.ts [filter]
 * UNBOUNDED=1 follows the whole window with no short cut (the computation before the bounds), RUNS=n warm runs.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { DateTime } from "luxon";
import { parse } from "yaml";
import type { Calendar } from "../../src/model/policy.js";
import { defaultBounds, estimateQueueLoadWith, type QueueLoadInput } from "../../src/simulate/queue-load.js";

const routing = parse(readFileSync(path.resolve(import.meta.dirname, "../../policies/routing.yaml"), "utf8")) as {
  spec: { calendars: Calendar[] };
};
const americas = routing.spec.calendars.find((c) => c.id === "americas")!;
const ny = (iso: string) => DateTime.fromISO(iso, { zone: americas.timeZone }).toMillis();
const dayMs = 86_400_000;

interface Case {
  name: string;
  members: number;
  capacity: number;
  /** Leads per calendar day; or per business day from utilisation. */
  perDay?: number;
  utilisation?: number;
  from: string;
  to: string;
}
const cases: Case[] = [
  { name: "reviewer: 150 x 60, 1.5 a day, one year", members: 150, capacity: 60, perDay: 1.5, from: "2025-01-01", to: "2026-01-01" },
  { name: "reviewer: 150 x 60, 1.5 a day, 1990-2026", members: 150, capacity: 60, perDay: 1.5, from: "1990-01-01", to: "2026-01-01" },
  { name: "3 x 25 at 90%, 8 weeks", members: 3, capacity: 25, utilisation: 0.9, from: "2026-10-05", to: "2026-11-30" },
  { name: "3 x 25 at 90%, one year", members: 3, capacity: 25, utilisation: 0.9, from: "2025-01-01", to: "2026-01-01" },
  { name: "20 x 30 at 90%, 8 weeks", members: 20, capacity: 30, utilisation: 0.9, from: "2026-10-05", to: "2026-11-30" },
  { name: "20 x 30 at 90%, one year", members: 20, capacity: 30, utilisation: 0.9, from: "2025-01-01", to: "2026-01-01" },
  { name: "50 x 12 at 90%, 10 years", members: 50, capacity: 12, utilisation: 0.9, from: "2016-01-01", to: "2026-01-01" },
  { name: "50 x 40 at 90%, 8 weeks", members: 50, capacity: 40, utilisation: 0.9, from: "2026-10-05", to: "2026-11-30" },
  { name: "150 x 60 at 90%, one year", members: 150, capacity: 60, utilisation: 0.9, from: "2025-01-01", to: "2026-01-01" },
  { name: "150 x 60 at 50%, 1990-2026", members: 150, capacity: 60, utilisation: 0.5, from: "1990-01-01", to: "2026-01-01" },
];
const filter = process.argv[2];
const bounds = process.env.UNBOUNDED ? { periodWeeks: null, burnInWeeks: 0, shortCircuit: false } : defaultBounds;
const estimateQueueLoad = (input: QueueLoadInput) => estimateQueueLoadWith(input, bounds);
const warmRuns = Number(process.env.RUNS ?? 3);
for (const k of cases) {
  if (filter && !k.name.includes(filter)) continue;
  const window = { fromMs: ny(`${k.from}T00:00`), toMs: ny(`${k.to}T00:00`) };
  const days = (window.toMs - window.fromMs) / dayMs;
  // Utilisation: leads per business day (about 5/7 of the days) against members x capacity.
  const leads = k.perDay !== undefined ? k.perDay * days : 0;
  const input = (n: number) => ({
    calendar: americas,
    members: k.members,
    capacityPerMember: k.capacity,
    window,
    arrivals: [
      { firstTouchHours: 1, leads: n / 2 },
      { firstTouchHours: 8, leads: n / 2 },
    ],
  });
  let n = leads;
  if (k.utilisation !== undefined) {
    const probe = estimateQueueLoad(input(1000));
    n = k.utilisation * k.members * k.capacity * probe.businessDays;
  }
  const times: number[] = [];
  let result = estimateQueueLoad(input(n));
  for (let i = 0; i < warmRuns; i++) {
    const t = performance.now();
    result = estimateQueueLoad(input(n));
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${k.name}: ${times[Math.floor(times.length / 2)]!.toFixed(1)} ms warm (median of ${warmRuns}); utilisation ${result.utilisation?.toFixed(3)} attainment ${result.predictedAttainment?.toFixed(6)} [1h ${result.bySla[0]!.predictedAttainment?.toFixed(6)}, 8h ${result.bySla[1]!.predictedAttainment?.toFixed(6)}]`,
  );
}
