/**
 * The schemas as editors want them (`leadrules schemas --out`, and `dist/schemas/` in the package, which the
 * modelines and `.vscode/settings.json` of an `init` scaffold point to):
 * - self-contained: the shared definitions of common.schema.json are copied into each schema under
 *   `$defs.common`, so an editor never resolves a reference against the absolute `$id` (which names the
 *   schema; nothing is served there) and a copy works wherever it sits;
 * - hover text in Markdown: every `description` is also a `markdownDescription` (VS Code's YAML and JSON
 *   support render that one; the descriptions are written in Markdown, with code spans).
 * Validation never uses these copies: Ajv reads schemas/ as written.
 */

import type { JsonSchema as JsonObject, JsonValue as Json } from "../validate/schemas.js";

const commonFile = "common.schema.json";
const commonAt = "#/$defs/common";

/** The editor copy of every schema but the shared definitions, by file name, as text. */
export function editorSchemas(schemas: ReadonlyMap<string, JsonObject>): Map<string, string> {
  const common = schemas.get(commonFile);
  if (!common) throw new Error(`${commonFile} is missing`);
  const { $schema: _schema, $id: _id, ...definitions } = common;
  const toShared = (ref: string) => (ref.startsWith(`${commonFile}#/`) ? commonAt + ref.slice(commonFile.length + 1) : ref);
  // Inside the shared definitions a local reference (`#/$defs/x`) is one to them too.
  const shared = withHover(rewriteRefs(definitions, (ref) => (ref.startsWith("#/") ? commonAt + ref.slice(1) : toShared(ref))));
  const copies = new Map<string, string>();
  for (const [file, schema] of [...schemas].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (file === commonFile) continue;
    const own = withHover(rewriteRefs(schema, toShared));
    const $defs = { ...((own.$defs as JsonObject | undefined) ?? {}), common: shared };
    copies.set(file, `${JSON.stringify({ ...own, $defs }, null, 2)}\n`);
  }
  return copies;
}

function rewriteRefs<T extends Json>(value: T, rewrite: (ref: string) => string): T {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, rewrite)) as T;
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, k === "$ref" && typeof v === "string" ? rewrite(v) : rewriteRefs(v, rewrite)]),
  ) as T;
}

/**
 * Every schema's `description` doubled as `markdownDescription`. Under `properties`, `$defs`... the keys are
 * names (a property may be called `description`), and examples, enums and constants are data: neither is touched.
 */
function withHover<T extends Json>(value: T): T {
  if (Array.isArray(value)) return value.map(withHover) as T;
  if (value === null || typeof value !== "object") return value;
  const object = Object.fromEntries(
    Object.entries(value).map(([k, v]): [string, Json] => {
      if (data.has(k)) return [k, v];
      if (names.has(k) && v !== null && typeof v === "object" && !Array.isArray(v))
        return [k, Object.fromEntries(Object.entries(v).map(([name, schema]) => [name, withHover(schema)]))];
      return [k, withHover(v)];
    }),
  ) as JsonObject;
  if (typeof object.description === "string" && object.markdownDescription === undefined) object.markdownDescription = object.description;
  return object as T;
}

const names = new Set(["properties", "patternProperties", "$defs", "dependentSchemas"]);
const data = new Set(["examples", "enum", "const", "default"]);
