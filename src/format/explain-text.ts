/**
 * Explain output for people: one section per pipeline step, each condition
 * with its verdict and the lead's actual value.
 */
import type { ReadReport } from "../input/read-report.js";
import { readSummaryLine } from "./read-report-format.js";
import type { ConditionTrace } from "../compile/compile-condition.js";
import { describeFactCondition, describeValue, type FactLabels } from "../render/condition-words.js";
import type { ExplainReport, ExplainedCondition, ExplainedTransition } from "../simulate/explain.js";
import { textLines } from "../render/escape/text.js";

const mark = (ok: boolean) => (ok ? "[yes]" : "[no] ");

function traceLines(trace: ConditionTrace, labels: FactLabels, indent: string): string[] {
  if (trace.kind === "fact") {
    const words = describeFactCondition({ fact: trace.fact!, operator: trace.operator as never, value: trace.value }, labels);
    return [`${indent}${mark(trace.result)} ${words}  (lead: ${describeValue(trace.factValue)})`];
  }
  const head = trace.kind === "all" ? "all of:" : trace.kind === "any" ? "any of:" : "not:";
  return [`${indent}${mark(trace.result)} ${head}`, ...trace.children!.flatMap((c) => traceLines(c, labels, indent + "    "))];
}

/** `verdict` replaces the condition's own mark (a transition says whether it fired, not only whether its guard holds). */
export function conditionBlock(
  c: ExplainedCondition,
  title: string,
  labels: FactLabels,
  indent = "  ",
  verdict = mark(c.result),
): string[] {
  const trace = c.trace.kind === "all" && c.trace.children!.length === 1 ? c.trace.children![0]! : c.trace;
  if (trace.kind === "fact") {
    const [line] = traceLines(trace, labels, "");
    return [`${indent}${verdict} ${title}: ${line!.slice(6)}`];
  }
  return [`${indent}${verdict} ${title}:`, ...traceLines(trace, labels, indent + "    ")];
}

/** A transition's verdict: taken, its guard false, or its guard held and the lead moved another way. */
function transitionVerdict(t: ExplainedTransition): string {
  if (t.taken) return "[taken]";
  if (!t.result) return mark(false);
  const over = t.passedOver;
  if (!over) return "[holds, not taken]";
  if (over.step === null) return `[holds, not taken: the walk stopped in ${over.stage} after an oscillation]`;
  if (over.step === "recycle") return `[holds, not taken: recycled out of ${over.stage} first]`;
  return `[holds, not taken: ${over.step} was taken out of ${over.stage} first]`;
}

export function formatExplainText(report: ExplainReport, labels: FactLabels, read?: ReadReport): string {
  const out: string[] = [...(read ? [readSummaryLine(read), ""] : []), `Lead ${report.lead} as of ${report.asOf}`, ""];
  const o = report.outcome;
  // A field whose value the export had wrong was read as empty: say so before the steps that read it.
  for (const f of o.flagged ?? [])
    out.push(
      `Flagged: ${f.field} was read as empty (its value in the export is bad or missing)${f.steps.length ? `; it is read by ${f.steps.join(", ")}, so those steps assumed it empty` : ""}`,
    );
  if (o.flagged?.length) out.push("");
  if (report.score && o.score) {
    const s = o.score;
    out.push(
      `Score: ${Object.entries(s.dimensions)
        .map(([d, v]) => `${d} ${v}`)
        .join(", ")}; total ${s.total}; grade ${s.grade ?? "none"}; thresholds ${s.thresholds.join(", ") || "none"}`,
    );
    if (s.excluded) out.push(`  excluded by ${s.excluded}: scored 0`);
    for (const e of report.score.exclusions) out.push(...conditionBlock(e, `exclusion ${e.id}`, labels));
    for (const r of report.score.rules)
      out.push(...conditionBlock(r, `${r.id} (${r.dimension} ${r.points >= 0 ? "+" : ""}${r.points})`, labels));
    for (const [d, lost] of Object.entries(s.decay)) out.push(`  decay: ${d} -${lost} for inactivity`);
    for (const r of report.score.resets) out.push(...conditionBlock(r, `reset ${r.id}`, labels));
    out.push("");
  }
  if (report.lifecycle && o.lifecycle) {
    const l = o.lifecycle;
    out.push(
      `Lifecycle: ${l.before ?? "none"} -> ${l.after ?? "none"}${l.path.length ? ` via ${l.path.join(", ")}` : " (no transition applies)"}`,
    );
    if (l.oscillation) out.push(`  oscillation cut short: ${l.oscillation.join(" -> ")}`);
    // Transitions out of stages the lead never was in could not apply, whatever their guard says.
    const visited = new Set(report.lifecycle.visited);
    for (const t of report.lifecycle.transitions) {
      if (t.from.some((s) => visited.has(s)))
        out.push(...conditionBlock(t, `${t.id} (${t.from.join("|")} -> ${t.to})`, labels, "  ", transitionVerdict(t)));
      else out.push(`  [n/a] ${t.id} (${t.from.join("|")} -> ${t.to}): not from a stage this lead was in`);
    }
    if (l.disposition.required)
      out.push(
        `  disposition: ${l.disposition.status}${l.disposition.code ? ` (${l.disposition.code})` : ""}, due ${l.disposition.dueAt ?? "unknown"}`,
      );
    out.push("");
  }
  if (report.route && o.route) {
    const r = o.route;
    out.push(
      `Routing: rule ${r.rule} -> queue ${r.queue}${r.assignedQueue !== r.queue ? ` (overflow to ${r.assignedQueue ?? "nobody"})` : ""}, owner ${r.owner ?? "none"}`,
    );
    for (const rule of report.route.rules) out.push(...conditionBlock(rule, `${rule.id} -> ${rule.queue}`, labels));
    out.push(
      `  SLA: first touch by ${r.sla.firstTouchDue ?? "n/a"}, escalate at ${r.sla.escalateAt ?? "n/a"}, reassign at ${r.sla.reassignAt ?? "n/a"}${r.sla.arrivedOutsideHours ? " (arrived outside business hours)" : ""}`,
    );
    out.push("");
  }
  if (report.content && o.content) {
    out.push(
      `Content: ${o.content.eligible.length} eligible asset(s)${o.content.eligible.length ? `: ${o.content.eligible.join(", ")}` : ""}`,
    );
    for (const a of report.content.assets) {
      const reasons = [
        a.stageOk ? null : "not for this stage",
        ...a.gates.filter((g) => !g.passed).map((g) => `gate ${g.gate} closed`),
        ...a.approvals.filter((p) => p.status !== "approved").map((p) => `${p.role} approval ${p.status}`),
      ].filter(Boolean);
      out.push(`  ${mark(a.eligible)} ${a.asset} (${a.risk} risk)${reasons.length ? `: ${reasons.join("; ")}` : ""}`);
    }
    for (const g of report.content.gates) out.push(...conditionBlock(g, `gate ${g.id}`, labels));
    out.push("");
  }
  if (report.retention && o.retention) {
    const r = o.retention;
    out.push(
      `Retention: ${r.rule ?? "no rule applies"}${r.action ? ` -> ${r.action}` : ""}${r.dueDate ? ` on ${r.dueDate}` : r.action && r.action !== "hold" ? " (trigger date missing)" : ""}`,
    );
    if (report.retention.legalHold) out.push(...conditionBlock(report.retention.legalHold, "legal hold", labels));
    for (const rule of report.retention.rules) out.push(...conditionBlock(rule, rule.id, labels));
  }
  // Each entry is one line: lead values and ids show their control characters as escapes.
  while (out.at(-1) === "") out.pop();
  return textLines(out);
}
