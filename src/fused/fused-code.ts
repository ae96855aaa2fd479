/**
 * What the step generators of the fused row function share: its bindings,
 * fresh local names, how a step reads a fact, and the condition expressions.
 *
 * The reference pipeline writes each step's derived facts (`score.total`,
 * `stage`, `route.queue`...) onto the lead for the later steps to read; here
 * they are locals, and a read of a derived fact written by an earlier step
 * is a read of its local (a step registers its derived facts after its own
 * code, so its own conditions still read the lead, as in the pipeline). The
 * lead itself is never written.
 *
 * Each date fact a step needs as an instant or as days since the as-of time
 * is read and parsed once per lead, at the top of the function.
 */
import { ConditionCode } from "../compile/compile-condition.js";
import { literal, property } from "../compile/codegen.js";
import { daysFromMs, daysSince } from "../compile/operators.js";
import type { PolicyPlan } from "../compile/plan.js";
import type { PipelineStep } from "../model/facts.js";
import { parseInstant } from "../model/instants.js";
import { number, text } from "../render/outcome-json.js";
import { csvCell, csvTextCell, type CsvOptions } from "../render/escape/spreadsheet.js";

interface Instant {
  value: string;
  ms: string;
  days?: string;
}

export class FusedCode {
  /** Values the generated code refers to by name: `k<n>` here, `c<n>` from the condition code, and the helpers below. */
  readonly bindings: Record<string, unknown> = { parseInstant, daysFromMs, daysSince, text, number };
  private names = 0;
  /** Derived facts written so far: fact -> the local holding it. */
  private readonly derived = new Map<string, string>();
  /** Date facts read from the lead: fact -> its locals. */
  private readonly instants = new Map<string, Instant>();
  private readonly conditionCode = new Map<PipelineStep, ConditionCode>();

  /**
   * `plan` decided at `asOfMs`; `csv` when the row is written as CSV cells (then `cell(value)` in the code is
   * `csvCell` of a string or null at run time), else as the outcome's JSON.
   */
  constructor(
    readonly plan: PolicyPlan,
    readonly asOfMs: number,
    readonly csv?: CsvOptions,
  ) {
    this.bindings.asOfMs = asOfMs;
    if (csv) this.bindings.cell = (value: string | null) => csvTextCell(value, csv);
  }

  /** A fresh local name; `kind` is one of the generator's own words, never policy text. */
  local(kind: string): string {
    return `${kind}_${this.names++}`;
  }

  /** Binds a value and returns its name. */
  bind(value: unknown): string {
    const name = `k${this.names++}`;
    this.bindings[name] = value;
    return name;
  }

  /** A string, boolean or null as a literal; a finite number as a literal, anything else bound. */
  value(value: string | number | boolean | null | undefined): string {
    if (value === undefined) return "undefined";
    if (typeof value === "number" && (!Number.isFinite(value) || Object.is(value, -0))) return this.bind(value);
    return literal(value);
  }

  /** The JSON text of a string or null, as a literal. */
  json(value: string | null): string {
    return literal(text(value));
  }

  /** The CSV text of policy-constant cells (cells joined by commas), worked out now, as a literal. */
  cells(...values: (string | null)[]): string {
    return literal(values.map((v) => csvCell(v, this.csv)).join(","));
  }

  /** Registers a derived fact the later steps read from a local (later registrations of a name win, as later writes do). */
  derive(fact: string, local: string): void {
    this.derived.set(fact, local);
  }

  /** The expression reading a fact at the step being generated. */
  read(fact: string): string {
    return this.derived.get(fact) ?? property("f", fact);
  }

  /** The fact as an instant in ms (NaN when it is no text or no date), parsed once per lead. */
  ms(fact: string): string {
    const derived = this.derived.get(fact);
    if (derived !== undefined) return `(typeof ${derived} === "string" ? parseInstant(${derived}) : NaN)`;
    return this.instant(fact).ms;
  }

  /** The whole days from the fact to the as-of time, null when it is no date (`daysSince`). */
  days(fact: string): string {
    return this.daysLocal(fact) ?? `daysSince(${this.read(fact)}, asOfMs)`;
  }

  private daysLocal(fact: string): string | undefined {
    if (this.derived.has(fact)) return undefined;
    const instant = this.instant(fact);
    instant.days ??= this.local("days");
    return instant.days;
  }

  private instant(fact: string): Instant {
    let instant = this.instants.get(fact);
    if (instant === undefined) {
      instant = { value: this.local("value"), ms: this.local("ms") };
      this.instants.set(fact, instant);
    }
    return instant;
  }

  /** Whether the listed condition with this key (`rule:<id>`...) holds, as an expression over the facts of the step. */
  condition(step: PipelineStep, key: string): string {
    let code = this.conditionCode.get(step);
    if (code === undefined) {
      code = new ConditionCode(this.asOfMs, this.bindings, { read: (fact) => this.read(fact), days: (fact) => this.daysLocal(fact) });
      this.conditionCode.set(step, code);
    }
    return code.expression(this.plan.steps[step][this.plan.at(step, key)]!.condition);
  }

  /** The declarations of the date facts' locals, for the top of the function (after the body was generated). */
  prelude(): string {
    const lines: string[] = [];
    for (const [fact, { value, ms, days }] of this.instants) {
      lines.push(`const ${value} = ${property("f", fact)};`);
      lines.push(`const ${ms} = typeof ${value} === "string" ? parseInstant(${value}) : NaN;`);
      if (days) lines.push(`const ${days} = daysFromMs(${ms}, asOfMs);`);
    }
    return lines.join("\n");
  }
}
