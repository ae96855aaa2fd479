#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm ci` (the `prepare` script).
import module from "node:module";
import path from "node:path";
import { cacheFolder } from "../dist/write/cache-folder.js";

// Node 22.1+ can keep V8's compiled code of every module it loads on disk, so a run after the first does not
// compile leadrules and its dependencies again; it goes in leadrules' cache folder and is off when the cache
// is. Node 20 has no such function: nothing happens. Enabled before the CLI's modules are imported.
if (module.enableCompileCache && !process.argv.includes("--no-cache")) {
  const folder = cacheFolder();
  if (folder) module.enableCompileCache(path.join(folder, "compiled-code"));
}
const { main, removeTemporaryPathsOnSignals } = await import("../dist/cli/main.js");

// Ctrl-C, a closed terminal or a CI timeout removes the half-written temporary file of `simulate --out` and
// the embedded database's folder of `--engine duckdb`, with the leads staged in it (exit 130 / 129 / 143).
removeTemporaryPathsOnSignals();
// Should the event loop ever empty while the command is still waiting (a native call whose completion holds
// no handle, as DuckDB's streamed results once did), Node would end the process with whatever exit code was
// set: never 0 then, and a line saying what happened rather than output silently cut short.
process.exitCode = 3;
const stalled = () =>
  process.stderr.write(
    "internal error: leadrules stopped before the command finished (an operation never completed); its output is incomplete.\n",
  );
process.once("beforeExit", stalled);
process.exitCode = await main(process.argv.slice(2));
process.off("beforeExit", stalled);
