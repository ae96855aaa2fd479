import { existsSync } from "node:fs";
import path from "node:path";
import { assertInputFile } from "../load/input-file.js";

/**
 * The leads `run` simulates: `leads` when given, else the policies folder's sample corpus
 * (`samples/leads.csv`), or undefined when there is none. The default corpus is found in the policies
 * folder, so it must not lead out of it (as for diff).
 */
export function sampleCorpus(policies: string, leads?: string): { file: string; exists: boolean } {
  const file = leads ?? path.join(policies, "samples", "leads.csv");
  if (!existsSync(file)) return { file, exists: false };
  if (!leads) assertInputFile(file, { what: "lead file", insideFolder: policies });
  return { file, exists: true };
}
