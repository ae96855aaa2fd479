import { generateSchemas } from "../../api/generate-files.js";
import { ExitCode } from "../../diagnostics/index.js";
import type { ReportFormat } from "../../format/format-names.js";
import { printGeneratedJson, reportDrift } from "../drift.js";
import type { CliIo } from "../io.js";

export interface SchemasOptions {
  out: string;
  check?: boolean;
  format: ReportFormat;
}

export function schemasCommand(options: SchemasOptions, io: CliIo): number {
  // No policies are read: `policies` only names the folder nothing may be written into.
  const result = generateSchemas({ ...options, policies: "policies" });
  if (options.format === "json") return printGeneratedJson(result, [], options.check ?? false, io);
  if (result.check) return reportDrift(result.folders, "npx leadrules schemas", io);
  for (const folder of result.folders) io.stdout(`wrote ${folder.written.length} schemas to ${folder.directory}\n`);
  return ExitCode.ok;
}
