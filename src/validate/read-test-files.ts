/**
 * Reads policy test suites: the YAML files in <policies>/tests/. Parsed and
 * schema-checked here, so a broken test file is reported like a broken policy.
 */
import path from "node:path";
import type { Diagnostic } from "../diagnostics/index.js";
import { schemaValidator } from "./schemas.js";
import { convertSchemaErrors } from "./schema-errors.js";
import { parseYaml } from "../load/parse-yaml.js";
import { displayPath, testSuiteFileNames } from "../load/read-policy-files.js";
import { maxPolicyFileBytes, readInputFile } from "../load/input-file.js";
import type { NurtureChannel } from "../model/policy.js";
import type { NurtureSignals } from "../model/nurture-inputs.js";
import type { SourceMap } from "../model/loaded-policy.js";

/** A touch the case's lead already got, as a send log records it (schemas/policy-test.schema.json). */
export interface TestSend {
  program: string;
  step: string;
  channel: NurtureChannel;
  sentAt: string;
  asset?: string | null;
  assetVersion?: string | null;
}

export interface TestCase {
  name: string;
  asOf?: string;
  lead: Record<string, unknown>;
  /** The nurture send log of the lead (the nurture decision reads it). */
  sends?: TestSend[];
  /** What the nurture breakers watch for this case. */
  signals?: NurtureSignals;
  expect: Record<string, unknown>;
}

export interface TestSuite {
  file: string;
  name: string;
  asOf: string;
  defaults: Record<string, unknown>;
  cases: TestCase[];
  /** 1-based line of each case, for failure messages. */
  lines: number[];
  /** Where each part of the file is, for the cross-reference checks' diagnostics. */
  sourceMap: SourceMap;
}

/** The suites that parse and pass their schema, every file's problems, and every file's text (for code frames). */
export function readTestSuites(directory: string): { suites: TestSuite[]; diagnostics: Diagnostic[]; sources: Map<string, string> } {
  const suites: TestSuite[] = [];
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, string>();
  for (const name of testSuiteFileNames(directory)) {
    const file = displayPath(path.join(directory, name));
    // Test files are policy files too: plain files inside the policies folder (the tests folder's parent).
    const text = readInputFile(path.join(directory, name), {
      what: "policy test file",
      insideFolder: path.dirname(directory),
      limit: maxPolicyFileBytes,
    });
    sources.set(file, text);
    const parsed = parseYaml(file, text);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.diagnostics.length > 0) continue;
    const validate = schemaValidator("PolicyTest");
    if (!validate(parsed.value)) {
      diagnostics.push(...convertSchemaErrors(validate.errors ?? [], parsed.value, parsed.sourceMap));
      continue;
    }
    const value = parsed.value as { metadata: { name: string }; asOf: string; defaults?: Record<string, unknown>; cases: TestCase[] };
    // Every time (asOf, sentAt) is a `format: date-time` of the schema: strict RFC 3339 in the plausible years (schema-formats.ts).
    suites.push({
      file,
      name: value.metadata.name,
      asOf: value.asOf,
      defaults: value.defaults ?? {},
      cases: value.cases,
      lines: value.cases.map((_, i) => parsed.sourceMap.locate(`/cases/${i}`).line ?? 0),
      sourceMap: parsed.sourceMap,
    });
  }
  return { suites, diagnostics, sources };
}
