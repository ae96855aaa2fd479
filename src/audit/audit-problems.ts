/**
 * What fails an audit, as diagnostics: the limits its findings exceed
 * (`--fail-on`) and the checks the export could not feed, unless the user
 * accepts them for their area (`--allow-unchecked`); and each finding as a
 * warning, so findings print through the same formatters as every problem.
 */
import type { Diagnostic } from "../diagnostics/index.js";
import { findingCount, type AuditReport, type CheckStatus, type Finding } from "./audit-leads.js";
import { auditCategories } from "./audit-checks.js";

export type AuditLimits = Record<string, { limit: number; percent: boolean }>;

/**
 * Parses `--fail-on drift=0,sla=5%,any=10`: a count or a percentage of records per area; `alerts` counts the
 * leads behind fired funnel alerts (`alerts=0`: fail on any fired alert), which `any` leaves out.
 */
export function parseFailOn(spec: string): AuditLimits {
  const result: AuditLimits = {};
  for (const part of spec
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^([a-z]+)=(\d+(?:\.\d+)?)(%?)$/.exec(part);
    if (!match || (match[1] !== "any" && !(auditCategories as readonly string[]).includes(match[1]!))) {
      throw new Error(`"${part}": expected AREA=COUNT or AREA=PERCENT%, AREA one of any, ${auditCategories.join(", ")}`);
    }
    result[match[1]!] = { limit: Number(match[2]), percent: match[3] === "%" };
  }
  return result;
}

/** Parses `--allow-unchecked drift,sla` (repeatable): areas whose skipped checks do not fail the audit; `all` for every area. */
export function parseAllowUnchecked(spec: string): string[] {
  const areas = spec
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  for (const area of areas) {
    if (area !== "all" && !(auditCategories as readonly string[]).includes(area))
      throw new Error(`"${area}": expected an area: all, ${auditCategories.join(", ")}`);
  }
  if (areas.length === 0) throw new Error("expected one or more areas, e.g. drift,sla");
  return areas;
}

/** Records found per area. */
export function findingsByArea(r: AuditReport): Record<string, number> {
  return Object.fromEntries(
    auditCategories.map((c) => [c, r.findings.filter((f) => f.category === c).reduce((n, f) => n + findingCount(f), 0)]),
  );
}

/**
 * Skipped checks split by whether `--allow-unchecked` accepts them: the blocking ones fail the audit. A send
 * log is an input of its own: an audit without `--sends` reports the area `nurture` NOT CHECKED but fails on it
 * only when `--fail-on` names `nurture` (a limit on an area not checked cannot pass).
 */
export function uncheckedAreas(
  r: AuditReport,
  allowed: readonly string[],
  limits: AuditLimits = {},
): { blocking: CheckStatus[]; allowed: CheckStatus[] } {
  const ok = (c: CheckStatus) =>
    allowed.includes("all") || allowed.includes(c.area) || (c.input === "--sends" && limits[c.area] === undefined);
  const skipped = r.checks.filter((c) => c.status === "skipped");
  return { blocking: skipped.filter((c) => !ok(c)), allowed: skipped.filter(ok) };
}

/** Areas whose findings exceed the limits. */
export function exceededLimits(r: AuditReport, limits: AuditLimits): string[] {
  const counts: Record<string, number> = { ...findingsByArea(r) };
  // `any` counts records production decided differently from the policies; a funnel alert's leads are the
  // denominator of a rate, not records in error, so alerts fail the audit only through their own limit.
  counts.any = Object.entries(counts)
    .filter(([area]) => area !== "alerts")
    .reduce((n, [, count]) => n + count, 0);
  return Object.entries(limits)
    .filter(([area, { limit, percent }]) => (percent ? (counts[area]! / Math.max(1, r.leads)) * 100 : counts[area]!) > limit)
    .map(([area, { limit, percent }]) => `${area}: ${counts[area]} findings, limit ${limit}${percent ? "%" : ""}`);
}

/**
 * What fails the audit, in the order it is reported: limits exceeded (errors), checks not run that
 * `--allow-unchecked` accepts (notes), checks not run that fail the audit (errors, `subject` their area).
 */
export function auditProblems(r: AuditReport, limits: AuditLimits | undefined, allowUnchecked: readonly string[]): Diagnostic[] {
  const exceeded = limits ? exceededLimits(r, limits) : [];
  const unchecked = uncheckedAreas(r, allowUnchecked, limits);
  const notRun = (c: CheckStatus) => `${c.area}/${c.check}: ${c.reason}`;
  return [
    ...exceeded.map(
      (e): Diagnostic => ({
        code: "audit/limit-exceeded",
        severity: "error",
        message: `audit limit exceeded: ${e}`,
        subject: e.slice(0, e.indexOf(":")),
      }),
    ),
    ...unchecked.allowed
      .filter((c) => c.input !== "--sends")
      .map(
        (c): Diagnostic => ({
          code: "audit/not-checked",
          severity: "info",
          message: `audit check not run (allowed by --allow-unchecked): ${notRun(c)}`,
          subject: c.area,
        }),
      ),
    // A send log not given: one note for its area, not one per check.
    ...[...new Map(unchecked.allowed.filter((c) => c.input === "--sends").map((c) => [c.area, c])).values()].map(
      (c): Diagnostic => ({
        code: "audit/not-checked",
        severity: "info",
        message: `audit area ${c.area} not checked: ${c.reason}`,
        subject: c.area,
      }),
    ),
    ...unchecked.blocking.map(
      (c): Diagnostic => ({ code: "audit/not-checked", severity: "error", message: `audit check not run: ${notRun(c)}`, subject: c.area }),
    ),
  ];
}

/** Each finding as a warning: what production recorded differs from what the policies decide for these leads. */
export function findingDiagnostics(r: AuditReport): Diagnostic[] {
  return r.findings.map(
    (f: Finding): Diagnostic => ({
      code: "audit/finding",
      severity: "warning",
      message: f.sends
        ? `${f.description}: ${f.sends.length} finding${f.sends.length === 1 ? "" : "s"} (${f.sends.map(sendLine).join("; ")})`
        : `${f.description}: ${f.leads.length} record${f.leads.length === 1 ? "" : "s"} (${f.leads.join(", ")})`,
      ruleId: `${f.category}/${f.check}`,
      subject: f.subject,
    }),
  );
}

/** One deviation of a send log in one line: `L1 welcome/welcome-email at 2026-06-01T09:05:00.000Z: reason`. */
export function sendLine(f: NonNullable<Finding["sends"]>[number]): string {
  const where = f.step === null ? f.program : `${f.program}/${f.step}`;
  return `${f.lead === null ? "" : `${f.lead} `}${where}${f.sentAt === null ? "" : ` at ${f.sentAt}`}: ${f.reason}`;
}
