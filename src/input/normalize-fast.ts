/**
 * The fast path of normalization: the dictionary compiled into one function
 * that reads every field with a fixed key and handles the well-formed common
 * case inline (typed JSON values, canonical ISO timestamps, exact picklist
 * values). Anything else goes through the general conversion; a value that
 * does not convert, or a record without an id, returns undefined so the
 * caller takes the general path, which reports the problem (a required
 * field left empty goes there too). Both paths give
 * the same values in the same field order (tested on random input).
 *
 * Leads built here are instances of a generated class whose prototype is an
 * empty, frozen, prototype-less object: V8 keeps them in fast mode (a
 * prototype-less dictionary object costs about four times as much to build and
 * read), and no fact name can resolve to anything inherited.
 */
import type { FieldType } from "../model/policy.js";
import { emailPattern, type FieldReader, type ValueConverter } from "./convert-values.js";
import type { Lead } from "../model/lead.js";
import { generate, isInheritedName, literal } from "../compile/codegen.js";
import { isCanonicalTime, isPlausibleDay } from "../model/dates.js";

export type Convert = (index: number, raw: unknown) => { value: unknown } | { error: string };

/** The prototype of every fast lead: empty, frozen, and without a prototype of its own. */
const leadPrototype: object = Object.freeze(Object.create(null));

export function compileFastNormalizer(
  fields: readonly FieldReader[],
  idField: string,
  converter: Pick<ValueConverter, "isNull" | "nullMarkers" | "emptyDays">,
  timeZone: string,
  convert: Convert,
): (values: Record<string, unknown>) => Lead | undefined {
  const { nullMarkers, emptyDays } = converter;
  const markerLength = Math.max(0, ...[...nullMarkers].map((m) => m.length));
  // A whole day read as an instant is midnight in the export's zone: only UTC midnight is written inline.
  const utc = timeZone === "UTC" || timeZone === "utc";
  const bindings: Record<string, unknown> = {
    convert,
    isNull: converter.isNull,
    markers: nullMarkers,
    emptyDays,
    hasOwn: Object.hasOwn,
    isPlausibleDay,
    isCanonicalTime,
    leadPrototype,
    emailPattern,
  };
  const body: string[] = [];
  fields.forEach((f, i) => {
    if (f.picklist) bindings[`picklist${i}`] = f.picklist;
    body.push(`let v${i} = ${readRaw(f.keys)};`);
    body.push(`if (v${i} === undefined || v${i} === null) v${i} = null;`);
    body.push(`else if (typeof v${i} === "string") {`);
    body.push(`  const t = v${i}.trim();`);
    body.push(`  if (t === "" || (t.length <= ${markerLength} && markers.has(t.toLowerCase()))) v${i} = null;`);
    body.push(`  else { ${fromText(f.field.type, i, emptyDays.size > 0, utc)} }`);
    body.push(`} else { ${fromValue(f.field.type, i)} }`);
    // A code in one case (`case: upper`): the text as the dictionary spells it.
    if (f.field.type === "string" && f.field.case)
      body.push(`if (v${i} !== null) v${i} = v${i}.${f.field.case === "upper" ? "toUpperCase" : "toLowerCase"}();`);
    // Below the dictionary's minimum (a negative count): the general path reports it.
    if (f.field.minimum !== undefined) body.push(`if (v${i} !== null && v${i} < ${literal(f.field.minimum)}) return undefined;`);
    // A required field left empty: the general path reports it.
    if (f.field.required && f.field.name !== idField) body.push(`if (v${i} === null) return undefined;`);
  });
  const idIndex = fields.findIndex((f) => f.field.name === idField);
  if (idIndex >= 0) body.push(`if (v${idIndex} === null) return undefined;`);
  else body.push("return undefined;");
  const assignments = fields.map((f, i) => `this[${literal(f.field.name)}] = v${i};`).join("\n");
  const args = fields.map((_, i) => `v${i}`).join(", ");
  return generate(
    bindings,
    `function Lead(${args}) {\n${assignments}\n}
Lead.prototype = leadPrototype;
function general(i, raw) { const r = convert(i, raw); return "error" in r ? undefined : r.value; }
return function normalizeFast(values) {
${body.join("\n")}
return new Lead(${args});
};`,
  );
}

/** The raw value of a field: the first of its columns that is not empty (a column the record lacks is empty). */
function readRaw(keys: readonly string[]): string {
  if (keys.length === 0) return "null";
  // A key that plain objects inherit (`constructor`...) must be an own property; other keys read directly.
  const read = (key: string) =>
    isInheritedName(key) ? `(hasOwn(values, ${literal(key)}) ? values[${literal(key)}] : undefined)` : `values[${literal(key)}]`;
  if (keys.length === 1) return read(keys[0]!);
  return keys.slice(0, -1).reduceRight((rest, key) => `(isNull(${read(key)}) ? ${rest} : ${read(key)})`, read(keys[keys.length - 1]!));
}

/** The general conversion of field i's raw value; undefined (take the general path) when it fails. */
const generalCode = (i: number) => `v${i} = general(${i}, v${i}); if (v${i} === undefined) return undefined;`;

/** Code for a non-empty trimmed text `t` of field i. */
function fromText(type: FieldType, i: number, hasEmptyDays: boolean, utc: boolean): string {
  switch (type) {
    case "string":
      return `v${i} = t;`;
    case "email":
      return `if (!emailPattern.test(t)) return undefined; v${i} = t;`;
    case "date":
    case "datetime": {
      // Canonical UTC with milliseconds, or a plain day: already in the form the general path produces.
      const asDay = type === "date" ? "t.slice(0, 10)" : "t";
      const dayAs = type === "date" ? "t" : `t + "T00:00:00.000Z"`;
      // A source's "no date" day (e.g. 1900-01-01) is the general path's to turn into null.
      const notEmpty = hasEmptyDays ? " && !emptyDays.has(t.slice(0, 10))" : "";
      return `if (t.length === 24 && isPlausibleDay(t) && isCanonicalTime(t)${notEmpty}) v${i} = ${asDay};
        ${type === "date" || utc ? `else if (t.length === 10 && isPlausibleDay(t)${notEmpty}) v${i} = ${dayAs};` : ""}
        else { ${generalCode(i)} }`;
    }
    case "picklist":
      return `v${i} = picklist${i}.get(t); if (v${i} === undefined) { v${i} = general(${i}, t); if (v${i} === undefined) return undefined; }`;
    default:
      return generalCode(i);
  }
}

/** Code for a non-string, non-null raw value of field i. */
function fromValue(type: FieldType, i: number): string {
  switch (type) {
    case "string":
      return `if (typeof v${i} === "object") return undefined; v${i} = String(v${i});`;
    case "number":
      return `if (typeof v${i} !== "number" || !Number.isFinite(v${i})) { ${generalCode(i)} }`;
    case "integer":
      return `if (typeof v${i} !== "number" || !Number.isInteger(v${i})) { ${generalCode(i)} }`;
    case "boolean":
      return `if (typeof v${i} !== "boolean") { ${generalCode(i)} }`;
    case "multipicklist":
      // Items trimmed, blank and null ones dropped, and no items at all is null: as the general path reads them.
      return `if (Array.isArray(v${i})) {
        const items = [];
        for (let j = 0; j < v${i}.length; j++) {
          const item = v${i}[j];
          if (item === null || item === undefined) continue;
          const text = String(item).trim();
          if (text === "") continue;
          const value = picklist${i}.get(text.toLowerCase());
          if (value === undefined) return undefined;
          if (!items.includes(value)) items.push(value);
        }
        v${i} = items.length > 0 ? items : null;
      } else { ${generalCode(i)} }`;
    default:
      return generalCode(i);
  }
}
