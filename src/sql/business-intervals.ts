/**
 * The business-interval relation the route step's SLA deadlines are read from (route-sql.ts): for each
 * calendar, its working intervals in epoch milliseconds, in order, each with the business time of the
 * intervals before it (`before_ms`) and through its end (`through_ms`). The intervals are the JavaScript
 * calendar's own (model/business-hours-layout.ts: time zones, daylight saving, holidays as Luxon places
 * them), so the SQL deadlines are the JavaScript ones by construction rather than by a second time-zone
 * implementation in SQL, whose time-zone data could also differ from Node's.
 *
 * Which years: those the data needs, found before the query (`arrivalYearsQuery` on the leads). An arrival
 * in UTC year u lies in local year u-1, u or u+1; from there a deadline runs on into later years. Each
 * calendar lays out u-1 through u+1+m, with m the fewest years after u+1 whose business time covers the
 * longest SLA of the rules that use the calendar (at most 11: the JavaScript calendar refuses a deadline
 * more than ten years of business time away). Cumulative times run on across gaps between the years laid
 * out; no deadline or arrival lookup crosses a gap, since each arrival's run of years is complete.
 *
 * The JavaScript calendar searches a year's intervals by binary search and walks them in order, so it
 * means what it says only when each day's intervals are in order and do not overlap (touching is fine).
 * Validation refuses other weeks (analyse/checks/calendars.ts); the SQL compiler refuses them too
 * (`refuseUnorderedWeeks`), for a set given to it unvalidated.
 */
import type { SqlDialect, SqlType } from "../compile/sql-dialect.js";
import { layOutYear, unorderedIntervals } from "../model/business-hours-layout.js";
import { earliestYear, latestYear } from "../model/dates.js";
import { type Calendar, type RoutingSpec, weekdays } from "../model/policy.js";

/** The relation's name in the generated SQL. */
export const businessIntervalsRelation = "__business_intervals";

export const businessIntervalColumns = [
  { name: "calendar", valueType: "text" },
  { name: "start_ms", valueType: "bigint" },
  { name: "end_ms", valueType: "bigint" },
  { name: "before_ms", valueType: "bigint" },
  { name: "through_ms", valueType: "bigint" },
] as const satisfies readonly { name: string; valueType: SqlType }[];

export interface BusinessInterval {
  calendar: string;
  startMs: number;
  endMs: number;
  /** NULL (with `throughMs`) in each calendar's first row, the one that ends where its years begin. */
  beforeMs: number | null;
  throughMs: number | null;
}

const hourMs = 3_600_000;
/** The years the JavaScript calendar lays out (simulate/business-hours.ts): the plausible ones, a year before, eleven after. */
const firstYear = earliestYear - 1;
const lastYear = latestYear + 11;
const mostYearsAfter = 11;

/** Throws for a calendar with a day whose intervals are out of order or overlap (validation refuses them). */
export function refuseUnorderedWeeks(routing: RoutingSpec): void {
  for (const calendar of routing.calendars)
    for (const day of weekdays) {
      const unordered = unorderedIntervals(calendar.week[day] ?? [])[0];
      if (unordered)
        throw new Error(
          `calendar ${calendar.id}: ${day} ${unordered.before} and ${unordered.interval} are out of order or overlap; the SQL compiler needs each day's intervals in order, apart`,
        );
    }
}

/** The UTC years of the leads' arrivals (`year`), one row each: what `businessIntervalRows` needs to know. */
export function arrivalYearsQuery(routing: RoutingSpec, dialect: SqlDialect, source: string): string {
  const arrival = dialect.identifier(routing.arrivalFact);
  // Arrivals are canonical text (`2026-06-01T12:00:00.000Z`): the year is the first four characters.
  return `SELECT DISTINCT CAST(${dialect.leftChars(arrival, 4)} AS ${dialect.types.integer}) AS ${dialect.identifier("year")} FROM ${source} WHERE ${arrival} IS NOT NULL`;
}

/** Each calendar's intervals over the years arrivals in `arrivalYears` (UTC) need, in order. */
export function businessIntervalRows(routing: RoutingSpec, arrivalYears: readonly number[]): BusinessInterval[] {
  const rows: BusinessInterval[] = [];
  for (const calendar of routing.calendars) {
    const queues = new Set(routing.queues.filter((q) => q.calendar === calendar.id).map((q) => q.id));
    const hours = [...routing.rules, routing.fallback]
      .filter((r) => queues.has(r.queue))
      .flatMap((r) => [r.sla.firstTouchHours, r.sla.escalateAfterHours ?? 0, r.sla.reassignAfterHours ?? 0]);
    if (hours.length === 0) continue;
    const longestMs = Math.max(...hours) * hourMs;
    const layout = yearLayouts(calendar);
    const years = new Set<number>();
    for (const u of arrivalYears) {
      for (let y = u - 1; y <= u + 1; y++) years.add(y);
      let covered = 0;
      for (let y = u + 2; y <= u + 1 + mostYearsAfter && covered < longestMs; y++) {
        years.add(y);
        covered += layout(y).businessMs;
      }
    }
    let beforeMs = 0;
    for (const year of [...years].filter((y) => y >= firstYear && y <= lastYear).sort((a, b) => a - b)) {
      const { starts, ends } = layout(year);
      starts.forEach((startMs, i) => {
        // An arrival before the years laid out (compile's eleven years, for a lead that came in long before)
        // would find the first interval and a deadline years off. It finds this empty interval ending
        // where the first begins instead: no business time before it, so no deadline, as the files say.
        if (beforeMs === 0) rows.push({ calendar: calendar.id, startMs, endMs: startMs, beforeMs: null, throughMs: null });
        const endMs = ends[i]!;
        rows.push({ calendar: calendar.id, startMs, endMs, beforeMs, throughMs: beforeMs + (endMs - startMs) });
        beforeMs += endMs - startMs;
      });
    }
  }
  return rows;
}

/**
 * A relation the steps read beside the leads (a step's `join`, step-sql.ts), with its rows: what a writer
 * must create before the steps run.
 */
export interface RelationBesideLeads {
  /** Its name in the steps' SQL, quoted there by the dialect's `identifier`. */
  name: string;
  columns: readonly { name: string; valueType: SqlType }[];
  rows: (string | number | null)[][];
}

/**
 * Every relation the steps of a plan read beside the leads, for leads arriving in `arrivalYears`: the one
 * list a writer that creates them reads (render-dbt.ts's seeds), so a relation a step comes to read is
 * added here and nowhere else.
 */
export function relationsBesideLeads(plan: { routing?: RoutingSpec }, arrivalYears: readonly number[]): RelationBesideLeads[] {
  if (!plan.routing) return [];
  const rows = businessIntervalRows(plan.routing, arrivalYears).map((r) => [r.calendar, r.startMs, r.endMs, r.beforeMs, r.throughMs]);
  return [{ name: businessIntervalsRelation, columns: businessIntervalColumns, rows }];
}

/** A calendar's years, each laid out once. */
function yearLayouts(calendar: Calendar) {
  const holidays = new Set(calendar.holidays.map((h) => h.date));
  const years = new Map<number, { starts: number[]; ends: number[]; businessMs: number }>();
  return (year: number) => {
    let found = years.get(year);
    if (!found) {
      const { starts, ends } =
        year >= firstYear && year <= lastYear ? layOutYear(calendar, holidays, year) : { starts: [] as number[], ends: [] as number[] };
      years.set(year, (found = { starts, ends, businessMs: ends.reduce((sum, end, i) => sum + (end - starts[i]!), 0) }));
    }
    return found;
  };
}

/** The statements that create the relation and fill it, for an engine to run before the pipeline query. */
export function businessIntervalsSql(routing: RoutingSpec, dialect: SqlDialect, arrivalYears: readonly number[]): string[] {
  const table = dialect.identifier(businessIntervalsRelation);
  const statements = [
    `CREATE TABLE ${table} (${businessIntervalColumns.map((c) => `${dialect.identifier(c.name)} ${dialect.types[c.valueType]}`).join(", ")})`,
  ];
  const rows = businessIntervalRows(routing, arrivalYears);
  const batch = 2_000;
  for (let i = 0; i < rows.length; i += batch) {
    const values = rows
      .slice(i, i + batch)
      .map(
        (r) =>
          `(${dialect.literal(r.calendar)}, ${integer(r.startMs)}, ${integer(r.endMs)}, ${integer(r.beforeMs)}, ${integer(r.throughMs)})`,
      );
    statements.push(`INSERT INTO ${table} VALUES ${values.join(", ")}`);
  }
  return statements;
}

/** A whole number of milliseconds, written as an integer (not policy text: the layout's own arithmetic), or NULL. */
function integer(value: number | null): string {
  if (value === null) return "NULL";
  if (!Number.isSafeInteger(value)) throw new Error(`not a whole number of milliseconds: ${value}`);
  return String(value);
}
