/**
 * The pipeline as a dbt package (`leadrules compile --target dbt`): the queries of renderSql's views
 * (`namedQueries`), one model each, the first reading the source `leadrules.leads` and each other the model
 * before it through `ref`, so dbt knows their order; `leadrules_decisions` last, every lead with every
 * column. `sources.yml` describes the leads relation (lead-columns.ts) from the data dictionary,
 * `schema.yml` every model's columns and the tests the policies make true, `dbt_project.yml` makes the
 * models views, as the SQL target's are.
 *
 * Seeds, not models, for the relations the steps join (`relationsBesideLeads`: the business intervals).
 * They are data leadrules lays out (the JavaScript calendar's own intervals, time zones and holidays),
 * not a query of the warehouse's tables: a seed is dbt's form of data kept with the project, reviewed as a
 * CSV diff, typed by `column_types`, loaded by `dbt seed` or `dbt build` before the models that `ref` it,
 * where a model would be thousands of rows of VALUES rebuilt on every run. A step reads a seed under the
 * relation's own name, through a WITH clause, so the steps' SQL is the SQL target's, unchanged.
 *
 * Jinja. dbt renders every model, and descriptions and test arguments in YAML, as Jinja; policy text (ids,
 * values, file names, descriptions) may hold `{{`, `{%` or `{#`. So the only Jinja of a model is its
 * `ref` and `source` calls, of names leadrules makes (`[a-z0-9_]`), and every other part of it is inside
 * `{% raw %}...{% endraw %}`, which Jinja copies as written. Only text ending the raw block could undo
 * that, and it is refused (`{%`, then anything but `%`, then `endraw`, in any case: more than Jinja's
 * `{%-? endraw -?%}`). A string from the policies in YAML that holds a Jinja opener is wrapped alike; a
 * name holding one, or a double quote (dbt quotes column names without escaping), is refused.
 */
import { Document, Scalar, visit } from "yaml";
import type { PolicyPlan } from "../compile/plan.js";
import type { SqlDialect } from "../compile/sql-dialect.js";
import { UsageError } from "../diagnostics/index.js";
import { buildFactCatalogue } from "../model/facts.js";
import { type RelationBesideLeads, relationsBesideLeads } from "./business-intervals.js";
import { leadColumns, orderColumn } from "./lead-columns.js";
import { decisionsName, defaultArrivalYears, generatedHeader, namedQueries, viewPrefix } from "./render-sql.js";
import { querySql, type StepQuery } from "./step-sql.js";

/** The source the first model reads: `{{ source('leadrules', 'leads') }}`. */
export const dbtSource = { name: "leadrules", table: "leads" } as const;

/** A part of a model: SQL, copied as written, or one of leadrules' own Jinja calls. */
type Part = { sql: string } | { jinja: string };

const jinjaOpener = /\{[{%#]/;
/** Whatever could end a raw block (Jinja's `{%`, `{%-` or `{%+`, spaces, `endraw`), and more. */
const rawEnd = /\{%[^%]*endraw/i;

/** Text Jinja copies as written: inside a raw block, refused when it could end the block. */
export function jinjaRaw(text: string): string {
  if (rawEnd.test(text))
    throw new UsageError(
      `the policy text ${JSON.stringify(text.slice(0, 200))} could end a Jinja raw block ({% endraw %}), which dbt would then read as a template`,
      "Remove the `{%` before `endraw` from the policy text to compile it for dbt (--target sql has no templates).",
    );
  return text === "" ? "" : `{% raw %}${text}{% endraw %}`;
}

/** A YAML string dbt may render: raw when it holds a Jinja opener, else as it is (readable). */
const jinjaText = (text: string) => (jinjaOpener.test(text) ? jinjaRaw(text) : text);

/** A column or model name as dbt writes it: in quotes it does not escape, and unrendered. */
function dbtName(name: string): string {
  if (name.includes('"') || jinjaOpener.test(name))
    throw new UsageError(
      `the name ${JSON.stringify(name)} holds a double quote or a Jinja opener ({{, {%, {#), which dbt cannot quote`,
      "Rename it (ids and field names of validated policies never hold them) to compile for dbt.",
    );
  return name;
}

/** Every string of a YAML value that dbt may render made inert (keys are names, checked as such). */
function inert(value: unknown): unknown {
  if (typeof value === "string") return jinjaText(value);
  if (Array.isArray(value)) return value.map(inert);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [dbtName(key), inert(v)]));
  return value;
}

const modelName = /^[a-z0-9_]+$/;
const jinjaCall = (call: string, ...names: string[]): Part => {
  for (const name of names) if (!modelName.test(name)) throw new Error(`not a dbt name leadrules makes: ${JSON.stringify(name)}`);
  return { jinja: `{{ ${call}(${names.map((n) => `'${n}'`).join(", ")}) }}` };
};
const ref = (model: string) => jinjaCall("ref", model);

/** The parts as one template: each run of SQL parts in one raw block, the Jinja calls between them. */
function template(parts: readonly Part[]): string {
  const runs: Part[] = [];
  for (const part of parts) {
    const last = runs[runs.length - 1];
    if ("sql" in part && last && "sql" in last) runs[runs.length - 1] = { sql: last.sql + part.sql };
    else runs.push(part);
  }
  return runs.map((part) => ("jinja" in part ? part.jinja : jinjaRaw(part.sql))).join("");
}

/** Names models and seeds `leadrules_<name>` in `[a-z0-9_]`, each once (a second `a-b` and `a_b` gets `_2`). */
function dbtNamer(reserved: readonly string[]) {
  const taken = new Set(reserved);
  return (name: string) => {
    const base = `${viewPrefix}${name.toLowerCase().replace(/[^a-z0-9_]/g, "_")}`;
    let unique = base;
    for (let n = 2; taken.has(unique); n++) unique = `${base}_${n}`;
    taken.add(unique);
    return unique;
  };
}

/** A seed's text: header, then one row per line; text always quoted (RFC 4180), numbers whole. */
function seedCsv(relation: RelationBesideLeads): string {
  const cell = (value: string | number | null) => {
    // An empty cell: NULL to dbt's seed reader.
    if (value === null) return "";
    if (typeof value === "number") {
      if (!Number.isSafeInteger(value)) throw new Error(`not a whole number: ${value}`);
      return String(value);
    }
    // dbt reads a seed with agate, which takes these texts (in any case, around spaces) for NULL.
    if (["", "null", "none", "na", "n/a", "."].includes(value.trim().toLowerCase()))
      throw new UsageError(
        `the value ${JSON.stringify(value)} of ${relation.name} would read as NULL in a dbt seed`,
        "Rename the calendar (or other id) it comes from to compile for dbt.",
      );
    return `"${value.replaceAll('"', '""')}"`;
  };
  const header = relation.columns.map((c) => dbtName(c.name)).join(",");
  return `${[header, ...relation.rows.map((row) => row.map(cell).join(","))].join("\n")}\n`;
}

/** What the outcome columns hold, for schema.yml (facts the catalogue describes are described there). */
const outcomeDescriptions: Record<string, string> = {
  "score.exclusion": "The first scoring exclusion the lead matched; NULL when none.",
  "score.thresholds": "The thresholds the lead reached, in the policy's order.",
  "score.rules": "The scoring rules whose condition held, in the policy's order.",
  "lifecycle.before": "The stage the lead had before this run (the lifecycle's stage field).",
  "lifecycle.path": "The transitions taken, in order (`recycle` for a recycle).",
  "lifecycle.oscillation": "The stages of a loop the walk stopped at; NULL when it did not loop.",
  "lifecycle.enteredAt": "When the lead entered its stage: the as-of time when the stage changed.",
  "disposition.required": "A disposition code is required in the lead's stage.",
  "disposition.code": "The disposition code logged, when one is required.",
  "disposition.dueAt": "When the disposition code is due.",
  "disposition.status": "not-required, pending, overdue, logged, logged-late or invalid-code.",
  "route.rule": "The routing rule that matched first, or fallback.",
  "route.assignedQueue": "The queue that took the lead (the routed queue or one it overflowed into); NULL when none had room.",
  "route.owner": "The queue member the lead was assigned to, in input order; NULL when no queue had room.",
  "route.sla.firstTouchDue": "First-touch deadline, in the queue calendar's business hours.",
  "route.sla.escalateAt": "Escalation deadline, in business hours; NULL when the rule has none.",
  "route.sla.reassignAt": "Reassignment deadline, in business hours; NULL when the rule has none.",
  "route.sla.arrivedOutsideHours": "The lead arrived outside its queue calendar's working hours.",
  "content.eligible": "The assets the lead may be sent, in the policy's order.",
  "retention.rule": "The retention rule that applies (legal-hold first); NULL when none.",
  "retention.action": "What happens when retention is due: delete, anonymize, archive, or hold.",
  "retention.dueDate": "The day the retention action is due.",
};

const orderDescription =
  "The input order: 1 for the first lead, each lead once. Owner assignment (round robin, capacities, overflow) follows it, " +
  "so the warehouse must supply it explicitly and stably (e.g. row_number() over the CRM's created time and id), never rely on the order a query returns rows in.";

/** The tests the policies make true of the decisions, by column (beyond what the source promises). */
function decisionTests(plan: PolicyPlan, dialect: SqlDialect): Map<string, unknown[]> {
  const tests = new Map<string, unknown[]>();
  const accepted = (column: string, values: readonly string[], notNull = false) => {
    const distinct = [...new Set(values)];
    // With no value to accept the column is always NULL: nothing to test.
    if (distinct.length > 0)
      tests.set(column, [
        ...(notNull ? ["not_null"] : []),
        // Quoted by the dialect here: dbt's accepted_values would paste quote characters in unescaped.
        { accepted_values: { values: distinct.map((v) => dialect.literal(v)), quote: false } },
      ]);
  };
  tests.set(orderColumn, ["not_null", "unique"]);
  const idField = plan.dictionary.objects.flatMap((o) => o.fields).find((f) => f.name === plan.dictionary.idField);
  if (idField?.required) tests.set(idField.name, ["not_null"]);
  const { scoring, lifecycle, routing, retention } = plan;
  if (scoring) {
    accepted(
      "score.grade",
      scoring.grades.bands.map((b) => b.grade),
    );
    accepted(
      "score.exclusion",
      (scoring.exclusions ?? []).map((e) => e.id),
    );
  }
  if (lifecycle) {
    // The recorded stage when nothing fires: a picklist's values, or any text (no test).
    const field = plan.dictionary.objects.flatMap((o) => o.fields).find((f) => f.name === lifecycle.stageFact);
    if (field?.type === "picklist") accepted("stage", [...lifecycle.stages.map((s) => s.id), ...(field.values ?? []).map((v) => v.value)]);
  }
  if (routing) {
    accepted("route.rule", [...routing.rules.map((r) => r.id), "fallback"], true);
    accepted("route.queue", [...routing.rules.map((r) => r.queue), routing.fallback.queue], true);
    accepted(
      "route.assignedQueue",
      routing.queues.map((q) => q.id),
    );
    accepted(
      "route.owner",
      routing.queues.flatMap((q) => q.members.map((m) => m.id)),
    );
  }
  if (retention) {
    const hold = retention.legalHold ? ["hold"] : [];
    accepted("retention.rule", [...(retention.legalHold ? ["legal-hold"] : []), ...retention.rules.map((r) => r.id)]);
    accepted("retention.action", [...hold, ...retention.rules.map((r) => r.action)]);
  }
  return tests;
}

/** Characters YAML 1.1 (PyYAML) reads as line breaks, which the yaml package writes unescaped. */
const yaml11Breaks = /[\u0085\u2028\u2029]/g;

function yamlText(banner: string, value: unknown): string {
  // YAML 1.1, as dbt's PyYAML reads it: `yes`, `on` or `0777` stay text.
  const document = new Document(value, { version: "1.1" });
  // A string holding a line break of YAML 1.1's own is written double-quoted, the break as an escape, so it
  // reads back whole (written as it is, PyYAML could not parse the file).
  visit(document, {
    Scalar(_, node) {
      if (typeof node.value === "string" && node.value.search(yaml11Breaks) >= 0) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  const text = document.toString({ lineWidth: 0 }).replace(yaml11Breaks, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return `# ${banner}\n${text}`;
}

/**
 * The dbt package of a plan, file name -> text: `dbt_project.yml`, `models/` (sources.yml, schema.yml, a
 * model per step and `leadrules_decisions.sql`) and `seeds/` (with routing, the business intervals for
 * leads arriving in `arrivalYears`). Throws a UsageError for policy text dbt cannot be given safely.
 */
export function renderDbt(
  plan: PolicyPlan,
  dialect: SqlDialect,
  asOfMs: number,
  arrivalYears = defaultArrivalYears(asOfMs),
): Map<string, string> {
  const banner = `generated from the policies by leadrules compile --target dbt --dialect ${dialect.name} --as-of ${new Date(asOfMs).toISOString()}; do not edit`;
  const name = dbtNamer([decisionsName]);
  const seeds = relationsBesideLeads(plan, arrivalYears).map((relation) => ({
    relation,
    name: name(relation.name.replace(/^_+/, "")),
    quoted: dialect.identifier(relation.name),
  }));
  const steps = namedQueries(plan, dialect, asOfMs, name);
  const files = new Map<string, string>();

  const model = (query: StepQuery) => {
    // The relations beside the leads the query reads, each under its own name (a name found in a literal
    // as well only adds a WITH the query does not use).
    const text = querySql(query, () => "");
    const reads = seeds.filter((s) => text.includes(s.quoted));
    const parts: Part[] = [
      {
        sql: `${generatedHeader(`${query.name}: ${query.step ? `the step ${query.step.name}` : "a narrow run joined back"}`, "dbt", dialect, asOfMs)}\n`,
      },
    ];
    reads.forEach((s, k) => parts.push({ sql: `${k === 0 ? "WITH " : ",\n"}${s.quoted} AS (SELECT * FROM ` }, ref(s.name), { sql: ")" }));
    if (reads.length > 0) parts.push({ sql: "\n" });
    for (const part of query.parts)
      parts.push(
        typeof part === "string"
          ? { sql: part }
          : part.relation === null
            ? jinjaCall("source", dbtSource.name, dbtSource.table)
            : ref(part.relation),
      );
    parts.push({ sql: "\n" });
    return template(parts);
  };
  steps.forEach((query) => files.set(`models/${query.name}.sql`, model(query)));

  files.set(
    `models/${decisionsName}.sql`,
    template([
      {
        sql: `${generatedHeader(`${decisionsName}: every lead with every column, what the pipeline decided`, "dbt", dialect, asOfMs)}\nSELECT * FROM `,
      },
      ref(steps[steps.length - 1]!.name),
      { sql: "\n" },
    ]),
  );
  for (const seed of seeds) files.set(`seeds/${seed.name}.csv`, seedCsv(seed.relation));

  files.set(
    "dbt_project.yml",
    yamlText(banner, {
      name: "leadrules",
      "config-version": 2,
      "require-dbt-version": ">=1.8.0",
      profile: "leadrules",
      "model-paths": ["models"],
      "seed-paths": ["seeds"],
      models: { leadrules: { "+materialized": "view" } },
      ...(seeds.length > 0
        ? {
            seeds: {
              leadrules: Object.fromEntries(
                seeds.map((s) => [
                  s.name,
                  {
                    "+column_types": Object.fromEntries(
                      s.relation.columns.map((c) => [dbtName(dialect.storedName(c.name)), dialect.types[c.valueType]]),
                    ),
                  },
                ]),
              ),
            },
          }
        : {}),
    }),
  );

  const fields = new Map(plan.dictionary.objects.flatMap((o) => o.fields).map((f) => [f.name, f]));
  const sourceColumns = leadColumns(plan.dictionary).map((c) => {
    const field = fields.get(c.name);
    if (!field) return { name: c.name, quote: true, description: orderDescription, data_tests: ["not_null", "unique"] };
    const mappings = Object.entries(field.mappings ?? {}).map(([system, m]) => [system, m.field]);
    return inert({
      name: dbtName(dialect.storedName(c.name)),
      quote: true,
      description: field.description,
      meta: {
        leadrules: {
          label: field.label,
          type: field.type,
          sql_type: dialect.types[c.valueType],
          pii: field.pii,
          ...(mappings.length > 0 ? { systems: Object.fromEntries(mappings) } : {}),
        },
      },
      // The input contract flags, not drops, a lead missing another required field: only the id is a promise.
      ...(field.required && field.name === plan.dictionary.idField ? { data_tests: ["not_null"] } : {}),
    });
  });
  files.set(
    "models/sources.yml",
    yamlText(banner, {
      version: 2,
      sources: [
        {
          name: dbtSource.name,
          description:
            "The leads as the leadrules input contract hands them on: one column per data dictionary field, typed by it, NULL where a lead has no value " +
            "(dates and datetimes as canonical text: 2026-06-01, 2026-06-01T12:00:00.000Z), and the input order. Point it at your table with the vars leadrules_schema and leadrules_leads.",
          schema: "{{ var('leadrules_schema', target.schema) }}",
          tables: [
            {
              name: dbtSource.table,
              identifier: "{{ var('leadrules_leads', 'leads') }}",
              description: "One row per lead.",
              columns: sourceColumns,
            },
          ],
        },
      ],
    }),
  );

  const facts = buildFactCatalogue(plan.set);
  const describe = (column: { name: string; comment?: string }, step: string) =>
    column.comment ?? outcomeDescriptions[column.name] ?? facts.get(column.name)?.description ?? `Worked out by the step ${step}.`;
  const columnsOf = (columns: readonly { name: string; description: string; tests?: unknown[] }[]) =>
    columns.map((c) => ({
      name: dbtName(dialect.storedName(c.name)),
      quote: true,
      description: jinjaText(c.description),
      ...(c.tests ? { data_tests: inert(c.tests) } : {}),
    }));
  // Every column of the decisions, once: a step defining a column again replaces it, as its SQL does.
  const decided = new Map<string, { name: string; description: string }>();
  for (const c of leadColumns(plan.dictionary))
    decided.set(c.name.toLowerCase(), { name: c.name, description: fields.get(c.name)?.description ?? orderDescription });
  for (const step of steps.flatMap((q) => (q.step ? [q.step] : [])))
    for (const c of step.columns) {
      decided.delete(c.name.toLowerCase());
      decided.set(c.name.toLowerCase(), { name: c.name, description: describe(c, step.name) });
    }
  const tests = decisionTests(plan, dialect);
  files.set(
    "models/schema.yml",
    yamlText(banner, {
      version: 2,
      models: [
        ...steps.map(({ step, name }) => ({
          name,
          description: jinjaText(
            step
              ? `The step ${step.name}: ${step.narrow ? "the input order and the columns it reads of the model before" : "the model before"}, with the columns below added.`
              : "The model before the narrow steps above, with their columns joined back by the input order.",
          ),
          columns: step ? columnsOf(step.columns.map((c) => ({ name: c.name, description: describe(c, step.name) }))) : [],
        })),
        {
          name: decisionsName,
          description: "Every lead with every column of the steps: what the pipeline decided.",
          columns: columnsOf([...decided.values()].map((c) => ({ ...c, ...(tests.has(c.name) ? { tests: tests.get(c.name) } : {}) }))),
        },
      ],
      ...(seeds.length > 0
        ? {
            seeds: seeds.map((s) => ({
              name: s.name,
              description: `The relation ${s.relation.name} the steps read beside the leads, laid out by leadrules for leads arriving in ${arrivalYears[0]}-${arrivalYears[arrivalYears.length - 1]} (UTC).`,
              columns: s.relation.columns.map((c) => ({
                name: dbtName(dialect.storedName(c.name)),
                description: `${c.name} (${dialect.types[c.valueType]})`,
              })),
            })),
          }
        : {}),
    }),
  );
  return files;
}
