/**
 * Rewrites Ajv errors into Diagnostics a marketing-ops person can act on:
 * which property, what was expected, what was found, and a suggestion. The
 * cascade of errors a `oneOf` produces (one per branch) is collapsed to the
 * branch the user evidently meant.
 */
import type { ErrorObject } from "ajv";
import { closest, distance } from "fastest-levenshtein";
import type { Diagnostic, DiagnosticCode } from "../diagnostics/index.js";
import { describeValue } from "../load/parse-yaml.js";
import { parsePointer } from "../load/source-map.js";
import type { SourceMap } from "../model/loaded-policy.js";
import { dateTimeExample, dateTimeProblem } from "../model/dates.js";

export function convertSchemaErrors(errors: readonly ErrorObject[], root: unknown, sourceMap: SourceMap): Diagnostic[] {
  const kept = collapseOneOf(errors);
  const diagnostics = kept.map((error) => convertOne(error, root, sourceMap));
  return mergeMisspelledRequired(diagnostics);
}

/** Removes the per-branch noise of every oneOf, deepest first. */
function collapseOneOf(errors: readonly ErrorObject[]): ErrorObject[] {
  let remaining = [...errors];
  const oneOfs = remaining
    .filter((e) => e.keyword === "oneOf")
    .sort((a, b) => parsePointer(b.instancePath).length - parsePointer(a.instancePath).length);
  for (const oneOf of oneOfs) {
    if (!remaining.includes(oneOf)) continue;
    const at = oneOf.instancePath;
    const inside = (e: ErrorObject) => e !== oneOf && (e.instancePath === at || e.instancePath.startsWith(at + "/"));
    const branchPrefix = oneOf.schemaPath + "/";
    const rootErrors = remaining.filter((e) => inside(e) && e.instancePath === at && e.schemaPath.startsWith(branchPrefix));
    const deepErrors = remaining.filter((e) => inside(e) && e.instancePath !== at);
    let replacement: ErrorObject[];
    if (deepErrors.length > 0) {
      // Some branch recognised the shape; its errors are further down.
      replacement = [];
    } else {
      const byBranch = new Map<string, ErrorObject[]>();
      for (const e of rootErrors) {
        const branch = e.schemaPath.slice(branchPrefix.length).split("/")[0]!;
        byBranch.set(branch, [...(byBranch.get(branch) ?? []), e]);
      }
      const ranked = [...byBranch.values()].sort((a, b) => a.length - b.length);
      const best = ranked[0];
      const tie = ranked.length > 1 && ranked[1]!.length === best!.length;
      const typeOnly = best?.every((e) => e.keyword === "type");
      replacement = best && !tie && !typeOnly ? best : [{ ...oneOf, keyword: "shape" }];
    }
    remaining = remaining.filter((e) => e !== oneOf && !rootErrors.includes(e));
    remaining.push(...replacement);
  }
  // Ajv reports "if" and "anyOf" wrappers too; they add nothing once branches are reported.
  const seen = new Set<string>();
  return remaining.filter((e) => {
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return e.keyword !== "if" && e.keyword !== "anyOf";
  });
}

const typeWords: Record<string, string> = {
  integer: "a whole number",
  number: "a number",
  string: "text",
  boolean: "true or false",
  array: "a list",
  object: "a mapping",
  null: "empty",
};

function convertOne(error: ErrorObject, root: unknown, sourceMap: SourceMap): Diagnostic {
  const pointer = error.instancePath;
  const value = valueAt(root, pointer);
  const name = propertyLabel(pointer);
  const schema = (error.parentSchema ?? {}) as Record<string, any>;
  const make = (
    code: DiagnosticCode,
    message: string,
    hint?: string,
    extra: Partial<Diagnostic> = {},
    at = pointer,
    key = false,
  ): Diagnostic => ({
    code,
    severity: "error",
    message,
    location: sourceMap.locate(at, { key }),
    ...(hint ? { hint } : {}),
    ...extra,
  });

  switch (error.keyword) {
    case "required": {
      const missing = String(error.params.missingProperty);
      const description = schema.properties?.[missing]?.description;
      return make(
        "schema/required",
        `${name} is missing the required property \`${missing}\``,
        description ? `Add \`${missing}\`: ${lowerFirst(description)}` : `Add \`${missing}\`.`,
      );
    }
    case "additionalProperties": {
      const extraKey = String(error.params.additionalProperty);
      const allowed = Object.keys(schema.properties ?? {});
      const guess = allowed.length > 0 ? closest(extraKey, allowed) : undefined;
      const close = guess !== undefined && distance(guess, extraKey) <= Math.max(2, Math.floor(extraKey.length / 3));
      const childPointer = `${pointer}/${escapePointerSegment(extraKey)}`;
      return make(
        "schema/unknown-property",
        `unknown property \`${extraKey}\` in ${name}`,
        close ? `Did you mean \`${guess}\`?` : `Allowed properties here: ${allowed.map((p) => `\`${p}\``).join(", ")}.`,
        close ? { suggest: [guess!] } : {},
        childPointer,
        true,
      );
    }
    case "type": {
      const expected = String(error.params.type)
        .split(",")
        .map((t) => typeWords[t] ?? t)
        .join(" or ");
      return make("schema/type", `${name} must be ${expected}, got ${describeValue(value)}`, hintFrom(schema));
    }
    case "enum": {
      const allowed = (error.params.allowedValues as unknown[]).map(String);
      const guess = typeof value === "string" ? closest(value, allowed) : undefined;
      return make(
        "schema/enum",
        `${name} must be one of ${allowed.map((v) => `\`${v}\``).join(", ")}, got ${describeValue(value)}`,
        guess ? `Did you mean \`${guess}\`?` : undefined,
        guess ? { suggest: [guess] } : {},
      );
    }
    case "const":
      return make("schema/const", `${name} must be \`${String(error.params.allowedValue)}\`, got ${describeValue(value)}`);
    case "pattern":
      return make(
        "schema/pattern",
        `${name} has the wrong form: ${describeValue(value)}`,
        hintFrom(schema) ?? `It must match ${String(error.params.pattern)}.`,
      );
    case "format":
      if (error.params.format === "date-time" && typeof value === "string")
        return make(
          "schema/format",
          `${name} must be an RFC 3339 date-time with an offset, got ${describeValue(value)}, which ${dateTimeProblem(value) ?? "is not one"}`,
          `Write date-times as YYYY-MM-DDThh:mm:ss with Z or an offset such as +02:00, e.g. ${dateTimeExample}.`,
        );
      return make(
        "schema/format",
        `${name} must be a valid ${String(error.params.format)}, got ${describeValue(value)}`,
        error.params.format === "date" ? "Write dates as YYYY-MM-DD, e.g. 2026-06-01." : undefined,
      );
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum": {
      const words: Record<string, string> = {
        minimum: "at least",
        maximum: "at most",
        exclusiveMinimum: "greater than",
        exclusiveMaximum: "less than",
      };
      return make("schema/range", `${name} must be ${words[error.keyword]} ${String(error.params.limit)}, got ${describeValue(value)}`);
    }
    case "minItems":
      return make("schema/range", `${name} needs at least ${String(error.params.limit)} item(s)`);
    case "maxItems":
      return make("schema/range", `${name} allows at most ${String(error.params.limit)} item(s)`);
    case "minLength":
      return make("schema/range", `${name} must not be empty`);
    case "minProperties":
      return make("schema/range", `${name} needs at least ${String(error.params.limit)} entr${error.params.limit === 1 ? "y" : "ies"}`);
    case "uniqueItems":
      return make(
        "schema/unique",
        `${name} lists ${describeValue(valueAt(root, `${pointer}/${String(error.params.j)}`))} twice (items ${Number(error.params.j) + 1} and ${Number(error.params.i) + 1})`,
        "Remove the repeated item.",
      );
    case "propertyNames":
      return make(
        "schema/pattern",
        `${name} has a key of the wrong form`,
        "Keys here are ids: lower-case letters, digits, dots, dashes and underscores.",
      );
    case "shape":
      return make("schema/shape", `${name} is not valid here, got ${describeValue(value)}`, hintFrom(schema));
    default:
      return make("schema/shape", `${name} ${error.message ?? "is not valid"}`);
  }
}

/** When a property is reported unknown and its closest allowed name is reported missing, say it once. */
function mergeMisspelledRequired(diagnostics: Diagnostic[]): Diagnostic[] {
  const result: Diagnostic[] = [];
  for (const d of diagnostics) {
    if (d.code === "schema/required") {
      const missing = /`([^`]+)`$/.exec(d.message)?.[1];
      const parent = d.location?.pointer ?? "";
      const misspelt = diagnostics.find(
        (u) => u.code === "schema/unknown-property" && u.suggest?.[0] === missing && parentOf(u.location?.pointer ?? "") === parent,
      );
      if (misspelt) continue;
    }
    result.push(d);
  }
  return result;
}

function parentOf(pointer: string): string {
  return pointer.slice(0, pointer.lastIndexOf("/"));
}

function hintFrom(schema: Record<string, any>): string | undefined {
  return typeof schema.description === "string" ? `Expected: ${lowerFirst(schema.description)}` : undefined;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function escapePointerSegment(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

export function valueAt(root: unknown, pointer: string): unknown {
  let node: any = root;
  for (const segment of parsePointer(pointer)) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, segment)) return undefined;
    node = node[segment];
  }
  return node;
}

/** "`points` (in spec.rules[3])" reads better to non-engineers than a JSON pointer. */
export function propertyLabel(pointer: string): string {
  const segments = parsePointer(pointer);
  if (segments.length === 0) return "the document";
  const last = segments[segments.length - 1]!;
  const path = segments.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
  if (/^\d+$/.test(last)) return `item ${Number(last) + 1} of \`${segments.slice(0, -1).at(-1) ?? "list"}\` (${path})`;
  return segments.length === 1 ? `\`${last}\`` : `\`${last}\` (${path})`;
}
