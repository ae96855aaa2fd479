/**
 * The formats the schemas use, one table registered on every Ajv that compiles them: the run-time compiler
 * (schemas.ts) and the build's standalone validators (scripts/compile-schemas.mjs). `date-time` is
 * leadrules' own, the strict RFC 3339 reading of model/dates.ts (`dateTimeProblem`); ajv-formats' took a
 * space for the `T`, offsets without a colon and leap seconds that no later step could read. `date` is
 * ajv-formats' full check (a real calendar day).
 */
import { createRequire } from "node:module";
import type { Format } from "ajv/dist/2020.js";
import { dateTimeProblem } from "../model/dates.js";

/** The file name the standalone validators read the formats from (beside them in dist/validate/). */
export const formatSlotFile = "schema-format-slot.cjs";

export function schemaFormats(): Record<"date" | "date-time", Format> {
  // ajv-formats is CommonJS; only its table of format functions is read (its Ajv plugin is not needed).
  const { fullFormats } = createRequire(import.meta.url)("ajv-formats/dist/formats") as typeof import("ajv-formats/dist/formats.js");
  return {
    date: fullFormats.date,
    "date-time": { type: "string", validate: (text: string) => dateTimeProblem(text) === undefined },
  };
}

/** Registers the formats on an Ajv instance. */
export function addSchemaFormats(ajv: { addFormat(name: string, format: Format): unknown }): void {
  for (const [name, format] of Object.entries(schemaFormats())) ajv.addFormat(name, format);
}
