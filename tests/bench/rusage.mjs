// Preloaded (node --import) into each start-up run of bin/leadrules.js: on exit, writes to $BENCH_RUSAGE_FILE
// the process's CPU time since it started (user + system of all its threads, plus the children it waited
// for, such as git, where /proc tells) and its peak RSS.
import { readFileSync, writeFileSync } from "node:fs";

const file = process.env.BENCH_RUSAGE_FILE;
if (file) {
  process.on("exit", () => {
    const u = process.resourceUsage();
    let children = 0;
    try {
      const fields = readFileSync("/proc/self/stat", "utf8").split(") ").pop().split(" ");
      children = (Number(fields[13]) + Number(fields[14])) / 100; // cutime, cstime in clock ticks (USER_HZ 100)
    } catch {}
    const cpuSeconds = (u.userCPUTime + u.systemCPUTime) / 1e6 + children;
    writeFileSync(file, JSON.stringify({ cpuSeconds, maxRssMb: Math.round(u.maxRSS / 1024) }));
  });
}
