#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm ci` (the `prepare` script).
import { main, removeTemporaryFilesOnSignals } from "../dist/cli/main.js";

// Ctrl-C, a closed terminal or a CI timeout during `simulate --out` removes the half-written temporary file
// (exit 130 / 129 / 143).
removeTemporaryFilesOnSignals();
process.exitCode = await main(process.argv.slice(2));
