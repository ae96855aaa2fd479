/**
 * The closed list of diagnostic codes. A code names the stage that reports it
 * and the problem; docs/diagnostics.md has one anchor per code.
 */
export const diagnosticCodes = {
  "yaml/syntax": "The file is not valid YAML.",
  "yaml/duplicate-key": "A mapping repeats a key; YAML would silently keep only one.",
  "yaml/alias-limit": "The file expands too many aliases (a billion-laughs style alias bomb).",
  "yaml/not-a-mapping": "The document is not a mapping of apiVersion, kind, metadata and spec.",
  "policy/api-version": "Unknown apiVersion.",
  "policy/unknown-kind": "Unknown policy kind.",
  "policy/duplicate-kind": "Two files define the same policy kind.",
  "policy/missing-dictionary": "No DataDictionary policy: every fact a rule reads must be defined in one.",
  "policy/no-files": "The policies directory holds no YAML files.",
  "schema/required": "A required property is missing.",
  "schema/unknown-property": "A property that the schema does not define.",
  "schema/type": "A value has the wrong type.",
  "schema/enum": "A value is not one of the allowed values.",
  "schema/const": "A value must be exactly one constant.",
  "schema/pattern": "A string does not have the required form.",
  "schema/format": "A string is not a valid date, time or similar.",
  "schema/range": "A number or list length is out of range.",
  "schema/unique": "A list repeats an item.",
  "schema/shape": "A value matches none of the allowed shapes.",
  "crossref/unknown-fact": "A condition reads a fact that is neither a dictionary field nor a derived fact.",
  "crossref/operator-type": "A condition's operator does not fit the fact's type.",
  "crossref/value-type": "A condition compares a fact with a value of the wrong type.",
  "crossref/picklist-value": "A condition or setting uses a value that is not in the field's picklist.",
  "crossref/invalid-regex": "A `matches` pattern is not a valid regular expression.",
  "crossref/unknown-reference": "A stage, queue, calendar, role, category, asset, field or system that is not defined.",
  "crossref/duplicate-id": "Two items share an id that must be unique.",
  "crossref/pii-not-retained": "A PII field is in no retention category.",
  "crossref/field-type": "A field is used where a different type is needed.",
  "crossref/calendar": "A calendar names a time zone that does not exist, or has malformed working hours.",
  "input/unreadable": "An input file could not be read.",
  "input/format": "An input file's format is not supported or not recognised.",
  "input/row": "A lead record has a value the dictionary does not allow.",
  "input/unknown-lead": "No lead with that id.",
} as const;

export type DiagnosticCode = keyof typeof diagnosticCodes;
