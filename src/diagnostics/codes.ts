/**
 * The closed list of diagnostic codes. A code names the stage that reports it
 * and the problem; docs/diagnostics.md has one anchor per code.
 */
export const diagnosticCodes = {
  "yaml/syntax": "The file is not valid YAML.",
  "yaml/duplicate-key": "A mapping repeats a key; YAML would silently keep only one.",
  "yaml/alias-limit": "The file expands too many aliases (a billion-laughs style alias bomb).",
  "yaml/version": "The file asks for a YAML version other than 1.2 (`%YAML 1.1` would read `on` as true and `0500` as 320).",
  "yaml/tag":
    "A value carries a tag outside the YAML 1.2 core schema (`!custom`, `!!binary`, `!!set`), which would be ignored or read as something other than text, numbers, booleans, lists and mappings.",
  "yaml/nesting": "Lists and mappings nest deeper than 100 levels.",
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
  "crossref/invalid-regex": "A `matches` pattern is not a valid RE2 regular expression (backreferences and lookarounds are not supported).",
  "crossref/unsafe-regex": "A `matches` pattern compiles to too large an RE2 program to match quickly (large counted repeats).",
  "crossref/unknown-reference": "A stage, queue, calendar, role, category, asset, field or system that is not defined.",
  "crossref/duplicate-id": "Two items share an id that must be unique.",
  "crossref/pii-not-retained": "A PII field is in no retention category.",
  "crossref/field-type": "A field is used where a different type is needed.",
  "crossref/nurture-order":
    "A nurture branch jumps back to its own step or an earlier one (a loop that would send the same steps again), or a quiet period ends before it starts.",
  "crossref/calendar": "A calendar names a time zone that does not exist, or has malformed working hours.",
  "crossref/import-profile":
    "A system's import profile names a time zone that does not exist, or a date format that cannot read a date back.",
  "logic/contradiction": "A condition can never hold, so its rule never applies.",
  "logic/routing-shadowed": "A routing rule can never be the first match: earlier rules take every lead it matches.",
  "logic/routing-overlap": "Two routing rules with different queues match the same leads; only their order decides.",
  "logic/routing-gap": "Some leads match no routing rule and only the fallback catches them.",
  "logic/unreachable-threshold": "No lead can reach a qualification threshold.",
  "logic/unreachable-stage": "A lifecycle stage cannot be reached from the initial stages.",
  "logic/dead-end-stage": "A non-terminal stage has no way out.",
  "logic/oscillation": "Transition guards can all hold together, so a lead would cycle between stages.",
  "logic/gate-unsatisfiable": "A content gate that no lead in the asset's stages can pass.",
  "logic/approval-missing": "An asset lacks a required approval of its current version, so it is never sent.",
  "logic/sla-order": "SLA steps in the wrong order (escalation before first touch is due).",
  "logic/retention-gap": "Some leads match no retention rule.",
  "logic/retention-shadowed": "A retention rule never applies: earlier rules take every lead it matches.",
  "logic/retention-category-unused": "A data category no retention rule lists, so nothing schedules its deletion.",
  "logic/transition-shadowed": "A transition is never taken: an earlier transition out of the same stage always pre-empts it.",
  "logic/grade-unreachable": "A grade band no lead can get (bands out of order, or a minimum above what the dimension scores).",
  "logic/scoring-duplicate": "Two scoring rules in one dimension with the same condition: their points always stack.",
  "logic/scoring-overlap": "Two scoring rules in one dimension over the same facts can hold together, so their points stack.",
  "logic/nurture-overlap": "Two nurture programs can hold the same lead and their priorities do not say which takes it.",
  "logic/nurture-unreachable-step": "A nurture track no lead takes, or a step every lead jumps over: its touches are never sent.",
  "logic/nurture-exit-on-entry": "Every lead that enters a nurture program meets one of its exits at once.",
  "logic/nurture-asset-unsendable":
    "A nurture step's asset cannot be sent: not for any stage of the track's leads, or its approval expires before the step is due.",
  "logic/nurture-consent-blocked":
    "A consent gate stops a nurture program's channel for every lead the program keeps in the gate's region.",
  "logic/nurture-no-program": "Some leads in a non-terminal stage are in no nurture program's audience.",
  "logic/undecided": "A question the analysis could not decide within its budget: not a finding, and not a proof of none.",
  "input/unreadable":
    "An input file, or part of it, could not be read (an unclosed quote, bytes that are not UTF-8, a line over 1 MiB): the run fails.",
  "input/format": "An input file's format is not supported or not recognised.",
  "input/row":
    "A lead record has a value the dictionary does not allow: the field is read as empty and flagged, the rest of the lead is decided.",
  "input/missing-value": "A required field is empty in a lead record.",
  "input/missing-column": "A column the mapping names, or a field the policies read, is not in the export.",
  "input/unmapped": "The export's columns feed none of the dictionary's fields: it needs `--source` or `--mapping`.",
  "input/mapping": "A lead mapping or import profile names a field, picklist value, time zone or date format that does not exist.",
  "input/join": "A joined export lacks its key column, repeats a key, or shares column names with the leads.",
  "input/duplicate-id": "Two lead records in one file share a lead id (a warning; --strict makes it fatal).",
  "input/unknown-lead": "No lead with that id.",
  "input/send-log":
    "A nurture send log (`--sends`) or membership file (`audit --members`) lacks a column it needs, or has a row that cannot be read (an unknown channel or status, a time without a zone).",
  "input/signals":
    "A circuit-breaker signals file (`--signals`) is not valid: an unknown field, a program no policy defines, a rate outside 0..1.",
  "input/approvals":
    "A reviews or teams file for `approvals` does not have the shape the GitHub API gives: a review without its reviewer or state, a team that is not org/team, a member that is not a login.",
  "test/case-failed": "A policy test case's outcome differs from what it expects, or its input is not a valid lead.",
  "diff/version-gate":
    "A change skips the version rules: a behaviour change without the version bump it needs, a version that went down or has no change-log entry, a removed policy or a removed item leads still use.",
  "audit/finding": "What production recorded differs from what the approved policies decide for some leads.",
  "audit/limit-exceeded": "An audit area has more findings than `--fail-on` allows.",
  "audit/not-checked":
    "An audit check could not run because the export lacks fields it reads (an error unless `--allow-unchecked` accepts the area).",
} as const;

export type DiagnosticCode = keyof typeof diagnosticCodes;

/**
 * The anchor of a code's heading in docs/diagnostics.md as GitHub makes it (lower case, punctuation but
 * hyphens and underscores dropped): `crossref/unknown-fact` -> `crossrefunknown-fact`.
 */
export function diagnosticDocAnchor(code: DiagnosticCode): string {
  return code
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, "")
    .replace(/ /g, "-");
}
