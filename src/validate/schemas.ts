/**
 * Loads the JSON Schemas shipped in schemas/ into one Ajv instance (draft
 * 2020-12, allErrors) and compiles one validator per policy kind.
 */
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { createRequire } from "node:module";
import type { ValidateFunction } from "ajv/dist/2020.js";
import { policyKinds, type PolicyKind } from "../model/policy.js";
import { addSchemaFormats, formatSlotFile, schemaFormats } from "./schema-formats.js";

/** schemas/ sits beside src/ and dist/ in the package. */
export const schemasDirectory = fileURLToPath(new URL("../../schemas/", import.meta.url));

/**
 * The schemas' `$id`s: absolute, so a schema means the same wherever a copy of it sits (an installed package,
 * a `leadrules schemas --out` copy). An identifier only: nothing fetches it (Ajv holds every schema, and the
 * editor copies are self-contained, render/editor-schemas.ts). The version is the policy language's (`leadrules/v1`).
 */
export const schemaIdBase = "https://leadrules.dev/schemas/v1/";

export function schemaFileName(kind: string): string {
  return kind.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase() + ".schema.json";
}

/** A JSON Schema as parsed: JSON data. */
export type JsonSchema = { [key: string]: JsonValue };
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** The schemas of schemas/, by file name, in name order. */
export function shippedSchemas(): Map<string, JsonSchema> {
  return new Map(
    readdirSync(schemasDirectory)
      .filter((n) => n.endsWith(".schema.json"))
      .sort()
      .map((name) => [name, JSON.parse(readFileSync(path.join(schemasDirectory, name), "utf8"))]),
  );
}

let validators: Record<string, ValidateFunction> | undefined;

export function schemaValidator(kind: PolicyKind | "PolicyTest" | "LeadMapping"): ValidateFunction {
  validators ??= precompiledValidators() ?? compileValidators();
  const validator = validators[kind];
  if (!validator) throw new Error(`no schema for ${kind}`);
  return validator;
}

/**
 * Validators compiled at build time by scripts/compile-schemas.mjs; absent when running from source. Their
 * code reads its formats from an empty CommonJS module beside them, filled here from the one table before
 * they load (the formats are ES modules of this package, which CommonJS cannot require on every Node 20).
 */
function precompiledValidators(): Record<string, ValidateFunction> | undefined {
  const require = createRequire(import.meta.url);
  try {
    Object.assign(require(`./${formatSlotFile}`) as object, schemaFormats());
    return require("./schema-validators.cjs") as Record<string, ValidateFunction>;
  } catch {
    return undefined;
  }
}

function compileValidators(): Record<string, ValidateFunction> {
  // Ajv's compiler is loaded only here: the built CLI runs the precompiled validators, which need a few of
  // Ajv's runtime helpers, and importing the compiler cost every command that reads a lead file ~0.1 s.
  const require = createRequire(import.meta.url);
  const { Ajv2020 } = require("ajv/dist/2020.js") as typeof import("ajv/dist/2020.js");
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
  addSchemaFormats(ajv);
  for (const schema of shippedSchemas().values()) ajv.addSchema(schema);
  const result: Record<string, ValidateFunction> = {};
  for (const kind of [...policyKinds, "PolicyTest", "LeadMapping"]) {
    const validator = ajv.getSchema(schemaIdBase + schemaFileName(kind));
    if (validator) result[kind] = validator;
  }
  return result;
}
