/**
 * Reads a `LeadMapping` file (`--mapping FILE`): parsed and schema-checked
 * like a policy, so a typo in a one-off mapping is reported with its line.
 * Whether its fields and values exist in the dictionary is checked where the
 * dictionary is known (input/read-settings.ts).
 */
import { UsageError } from "../diagnostics/index.js";
import type { LeadMappingDocument } from "../model/policy.js";
import type { SourceMap } from "../model/loaded-policy.js";
import { schemaValidator } from "./schemas.js";
import { convertSchemaErrors } from "./schema-errors.js";
import { parseYaml } from "../load/parse-yaml.js";
import { displayPath } from "../load/read-policy-files.js";
import { maxPolicyFileBytes, readInputFile } from "../load/input-file.js";

export interface LeadMappingFile {
  file: string;
  text: string;
  document: LeadMappingDocument;
  sourceMap: SourceMap;
}

/** The mapping in `file`; a file that is not a valid LeadMapping is a usage error carrying located diagnostics. */
export function readLeadMapping(file: string): LeadMappingFile {
  const shown = displayPath(file);
  const text = readInputFile(file, { what: "mapping file", limit: maxPolicyFileBytes });
  const parsed = parseYaml(shown, text);
  if (parsed.diagnostics.length > 0)
    throw new UsageError(`${shown} is not a valid mapping file`, "Fix the YAML errors below.", parsed.diagnostics);
  const validate = schemaValidator("LeadMapping");
  if (!validate(parsed.value)) {
    const diagnostics = convertSchemaErrors(validate.errors ?? [], parsed.value, parsed.sourceMap);
    throw new UsageError(
      `${shown} is not a valid mapping file`,
      "A mapping file has apiVersion leadrules/v1, kind LeadMapping, metadata.name and spec.columns; see docs/adopt.md.",
      diagnostics,
    );
  }
  return { file: shown, text, document: parsed.value as LeadMappingDocument, sourceMap: parsed.sourceMap };
}
