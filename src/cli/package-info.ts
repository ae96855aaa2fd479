/**
 * What package.json says about leadrules: its version (`--version`, SARIF's tool) and home page, from which
 * the links of machine output into the docs are made.
 */
import type { SarifTool } from "../format/sarif.js";
import { leadrulesPackage as packageJson } from "../model/package-info.js";

export function packageVersion(): string {
  return packageJson.version;
}

/** The tool as SARIF names it: docs/diagnostics.md read on the repository's default branch. */
export function sarifTool(): SarifTool {
  const home = packageJson.homepage.replace(/#.*$/, "").replace(/\/+$/, "");
  return { version: packageJson.version, informationUri: home, diagnosticsUri: `${home}/blob/main/docs/diagnostics.md` };
}
