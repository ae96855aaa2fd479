/** What package.json says about leadrules itself: read once, for `--version`, SARIF's tool and `init`'s dependency. */
import { createRequire } from "node:module";

// package.json sits beside src/ and dist/.
export const leadrulesPackage = createRequire(import.meta.url)("../../package.json") as { version: string; homepage: string };
