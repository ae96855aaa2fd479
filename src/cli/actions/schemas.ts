import { generateSchemas } from "../../api/generate-files.js";
import { ExitCode } from "../../diagnostics/index.js";
import { reportDrift } from "../drift.js";
import type { CliIo } from "../io.js";

export function schemasCommand(options: { out: string; check?: boolean }, io: CliIo): number {
  const result = generateSchemas({ ...options, policies: "policies" });
  if (result.check) return reportDrift(result.folders, "npx leadrules schemas", io);
  for (const folder of result.folders) io.stdout(`wrote ${folder.written.length} schemas to ${folder.directory}\n`);
  return ExitCode.ok;
}
