// Build step: compiles the JSON Schemas in schemas/ into standalone validator
// code (dist/validate/schema-validators.cjs), so the CLI does not spend
// ~250 ms compiling schemas on every run. src/validate/schemas.ts falls back
// to compiling at run time when this file is missing (e.g. under vitest).
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { Ajv2020, _ } from "ajv/dist/2020.js";
import standaloneCode from "ajv/dist/standalone/index.js";
import { addSchemaFormats, formatSlotFile } from "../dist/validate/schema-formats.js";

const fileOf = (kind) => kind.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase() + ".schema.json";
const ajv = new Ajv2020({
  allErrors: true,
  verbose: true,
  strict: true,
  allowUnionTypes: true,
  // The formats are ES modules: the validators read them from a CommonJS slot schemas.ts fills before loading them.
  code: { source: true, formats: _`require(${"./" + formatSlotFile})` },
});
addSchemaFormats(ajv);
for (const name of readdirSync("schemas")
  .filter((n) => n.endsWith(".schema.json"))
  .sort()) {
  ajv.addSchema(JSON.parse(readFileSync(`schemas/${name}`, "utf8")));
}
// One validator per schema but the shared definitions, named by kind (nurture-program.schema.json: NurtureProgram),
// so a new kind needs no edit here.
const kinds = readdirSync("schemas")
  .filter((n) => n.endsWith(".schema.json") && n !== "common.schema.json")
  .map((n) => n.replace(".schema.json", "").replace(/(^|-)([a-z])/g, (_m, _d, c) => c.toUpperCase()));
// Each schema by its $id (src/validate/schemas.ts, schemaIdBase).
const refs = Object.fromEntries(kinds.map((k) => [k, JSON.parse(readFileSync(`schemas/${fileOf(k)}`, "utf8")).$id]));
// CommonJS, so schemas.ts can load it synchronously with require().
mkdirSync("dist/validate", { recursive: true });
writeFileSync("dist/validate/schema-validators.cjs", standaloneCode.default(ajv, refs));
writeFileSync(
  `dist/validate/${formatSlotFile}`,
  '"use strict";\n// Filled with the schemas\' formats by validate/schemas.ts before the validators load.\nmodule.exports = {};\n',
);
