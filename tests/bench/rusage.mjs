// Preloaded (node --import) into each start-up run of bin/leadrules.js: on exit, writes to $BENCH_RUSAGE_FILE
// the process's CPU time since it started and its peak RSS. measure.mjs reads CPU time the same way.
import { readFileSync, writeFileSync } from "node:fs";

/** CPU seconds (user + system) of this process's threads, plus the children it waited for (git) where /proc tells. */
export function cpuSeconds() {
  const u = process.resourceUsage();
  let children = 0;
  try {
    const fields = readFileSync("/proc/self/stat", "utf8").split(") ").pop().split(" ");
    children = (Number(fields[13]) + Number(fields[14])) / 100; // cutime, cstime in clock ticks (USER_HZ 100)
  } catch {}
  return (u.userCPUTime + u.systemCPUTime) / 1e6 + children;
}

const file = process.env.BENCH_RUSAGE_FILE;
if (file) {
  process.on("exit", () => {
    writeFileSync(file, JSON.stringify({ cpuSeconds: cpuSeconds(), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
  });
}
