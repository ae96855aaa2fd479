/**
 * `leadrules inspect`: an export profiled through the same intake as
 * `simulate`, and with `suggest` a draft LeadMapping for it.
 */
import path from "node:path";
import type { PolicySet } from "../model/policy-set.js";
import { specOf } from "../model/policy-set.js";
import { displayPath } from "../load/read-policy-files.js";
import { inspectLeads, type Inspection } from "../inspect/inspect-leads.js";
import { suggestLeadMapping, type MappingSuggestion } from "../inspect/suggest-mapping.js";
import { assertLeadOutputs, openLeads, type LeadInputFlags } from "./open-leads.js";

export interface InspectFileOptions extends LeadInputFlags {
  policies: string;
  leads: string;
  /** Draft a mapping too. */
  suggest?: boolean;
  /** Where the profile or the draft will be written (checked before anything is read; the draft's schema link is relative to it). */
  out?: string;
}

export async function inspectLeadFile(
  set: PolicySet,
  options: InspectFileOptions,
): Promise<{ inspection: Inspection; draft?: MappingSuggestion }> {
  assertLeadOutputs(
    options.leads,
    options,
    set.policies.map((p) => p.file),
  );
  const dictionary = specOf(set, "DataDictionary")!;
  const opened = openLeads(options.leads, options, dictionary);
  let inspection;
  try {
    inspection = await inspectLeads(set, opened.inputs, { file: displayPath(options.leads), ...opened.read });
    await opened.finish(inspection.profile.read);
  } catch (error) {
    opened.abort();
    throw error;
  }
  if (!options.suggest) return { inspection };
  // The editor's schema link, relative to where the draft is written (the project's schemas/ folder).
  const schema = path
    .relative(options.out ? path.dirname(path.resolve(options.out)) : process.cwd(), path.resolve("schemas/lead-mapping.schema.json"))
    .split(path.sep)
    .join("/");
  return { inspection, draft: suggestLeadMapping(dictionary, inspection, { file: options.leads, schema }) };
}
