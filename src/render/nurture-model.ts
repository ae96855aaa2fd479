/**
 * The view model of the nurture page of the Data Definitions: the contact
 * policy, consent gates and breakers in words, and per program (in the order
 * programs take leads) its conditions, a Mermaid flowchart and its steps.
 *
 * Every element has an anchor named by what it is (`program-welcome`,
 * `exit-welcome-qualified`, `step-early-education-data-practitioners-webinar`):
 * programs, exits, tracks and branches may share ids, so one prefix for all of
 * them (`rule-`) would give two elements one anchor.
 */
import type { Condition } from "../model/condition.js";
import type { ConditionRole } from "../model/condition-listing.js";
import { programsByPriority } from "../model/nurture-order.js";
import type { BreakerSignal, ContentSpec, NurtureProgramDefinition, NurtureSpec } from "../model/policy.js";
import { anchor } from "./anchors.js";
import { markdownCodeBlock } from "./escape/markdown.js";
import { Mermaid, mermaid, mermaidId } from "./escape/mermaid.js";

/**
 * Where the nurture page shows a condition of the policy, by its role and element id (as `listConditions`
 * lists it): the one mapping the page's anchors and the data dictionary's "read by" links both use.
 */
export function nurtureConditionAnchor(role: ConditionRole, elementId: string): string {
  switch (role) {
    case "entry":
      return anchor("program", elementId);
    case "consent-region":
    case "consent":
      return anchor("consent", elementId);
    case "open-opportunity":
      return anchor("contact", "open-opportunity");
    default:
      return anchor(role, elementId);
  }
}

const list = (items: readonly (string | number)[] | undefined) => (items?.length ? items.join(", ") : "none");

/** A wait as the council says it: "no wait", "wait 1 business day", "wait 5 business days". */
export function waitWords(days: number): string {
  return days === 0 ? "no wait" : `wait ${days} business ${days === 1 ? "day" : "days"}`;
}

const signalWords: Record<BreakerSignal, { signal: string; above: (n: number) => string }> = {
  "sync-lag-minutes": { signal: "the CRM to marketing-automation sync lag", above: (n) => `${n} minutes` },
  "bounce-rate": { signal: "the bounce rate of the program's last send", above: (n) => percent(n) },
  "unsubscribe-rate": { signal: "the unsubscribe rate of the program's last send", above: (n) => percent(n) },
};

function percent(rate: number): string {
  return `${Math.round(rate * 10000) / 100}%`;
}

/** Which leads a track takes, in the order tracks are tried: the first whose condition holds; one without takes the rest. */
function trackAudience(condition: Condition | undefined, index: number, words: (c: Condition) => string): string {
  if (condition) return words(condition);
  return index === 0 ? "Every lead" : "Every other lead";
}

/**
 * A program as a flowchart: entry, then each track (its edge labelled by who takes it), its steps in order
 * with the wait before each on the edge into it, branches as dotted edges labelled by their condition, the
 * end of a track, and the exits and escalations (possible at any time) as terminal nodes. Node ids are
 * leadrules' own (`t1s2`); every policy value is a label, escaped by `mermaid`.
 */
export function programFlowchart(program: NurtureProgramDefinition, words: (c: Condition) => string): Mermaid {
  const lines: Mermaid[] = [mermaid`flowchart TD`];
  const entry = mermaidId("entry");
  const completed = mermaidId("completed");
  lines.push(mermaid`    ${entry}([${`Enters ${program.id}: ${words(program.entry)}`}])`);
  program.tracks.forEach((track, t) => {
    const trackNode = mermaidId(`t${t + 1}`);
    const stepNode = (s: number) => mermaidId(`t${t + 1}s${s + 1}`);
    lines.push(mermaid`    ${entry} -->|${trackAudience(track.when, t, words)}| ${trackNode}[${`track ${track.id}`}]`);
    track.steps.forEach((step, s) => {
      const from = s === 0 ? trackNode : stepNode(s - 1);
      const what = step.asset ? `${step.id}: ${step.channel}, ${step.asset}` : `${step.id}: ${step.channel}`;
      lines.push(mermaid`    ${from} -->|${waitWords(step.waitDays)}| ${stepNode(s)}[${what}]`);
    });
    track.steps.forEach((step, s) => {
      for (const branch of step.branches ?? []) {
        const target = track.steps.findIndex((x) => x.id === branch.goto);
        // Validate refuses a branch to a step that is not later in the track; a docs run on such a set skips the edge.
        if (target < 0) continue;
        lines.push(mermaid`    ${stepNode(s)} -.->|${`${branch.id}: ${words(branch.when)}`}| ${stepNode(target)}`);
      }
    });
    if (track.steps.length > 0) lines.push(mermaid`    ${stepNode(track.steps.length - 1)} --> ${completed}`);
  });
  lines.push(mermaid`    ${completed}([${"track completed"}])`);
  program.exits.forEach((exit, i) => {
    const node = mermaidId(`x${i + 1}`);
    lines.push(mermaid`    ${entry} -.->|${words(exit.when)}| ${node}([${`exit ${exit.id}`}])`);
  });
  (program.escalations ?? []).forEach((escalation, i) => {
    const node = mermaidId(`e${i + 1}`);
    lines.push(mermaid`    ${entry} -.->|${words(escalation.when)}| ${node}([${`escalation ${escalation.id} to ${escalation.route}`}])`);
  });
  return new Mermaid(lines.map((l) => l.source).join("\n"));
}

export function buildNurtureModel(
  spec: NurtureSpec,
  context: {
    words: (c: Condition) => string;
    label: (fact: string) => string;
    /** The content policy, for each step's asset version and its link; none: the asset is named only. */
    content: ContentSpec | undefined;
    /** Whether the routing page exists, for the link of an escalation's routing rule. */
    routing: boolean;
  },
) {
  const { words } = context;
  const contact = spec.contactPolicy;
  const assets = new Map((context.content?.assets ?? []).map((a) => [a.id, a]));
  return {
    contactPolicy: {
      cap: `At most ${contact.maxTouches} marketing ${contact.maxTouches === 1 ? "touch" : "touches"} (every channel but call-task) per lead in any ${contact.windowDays} days, across every program.`,
      quietPeriods: (contact.quietPeriods ?? []).map((q) => ({ id: q.id, from: q.from, to: q.to, description: q.description })),
      salesTouch: contact.salesTouch
        ? `No marketing touch within ${contact.salesTouch.holdDays} days of a sales touch: the latest of ${list(contact.salesTouch.facts.map(context.label))}, or a call task sent.`
        : "No hold after sales touches.",
      openOpportunity: contact.openOpportunity ? words(contact.openOpportunity) : null,
      openOpportunityAnchor: nurtureConditionAnchor("open-opportunity", "open-opportunity"),
    },
    consentGates: spec.consentGates.map((g) => ({
      id: g.id,
      anchor: nurtureConditionAnchor("consent", g.id),
      description: g.description,
      region: words(g.region),
      channels: list(g.channels),
      basis: g.basis,
      requires: words(g.requires),
    })),
    breakers: (spec.breakers ?? []).map((b) => ({
      id: b.id,
      anchor: anchor("breaker", b.id),
      description: b.description,
      signal: signalWords[b.signal].signal,
      above: signalWords[b.signal].above(b.above),
      programs: b.programs?.length ? list(b.programs) : "every program",
    })),
    programs: programsByPriority(spec.programs).map((p, i) => ({
      order: i + 1,
      id: p.id,
      anchor: nurtureConditionAnchor("entry", p.id),
      name: p.name,
      description: p.description,
      priority: p.priority === undefined ? "none (tried after the programs with one)" : String(p.priority),
      downstream: p.downstream
        ? "Downstream: it also touches leads in an open opportunity."
        : "Not downstream: it never touches a lead in an open opportunity.",
      calendar: p.calendar,
      entry: words(p.entry),
      leaves: [
        ...p.exits.map((e) => ({
          what: "exit",
          id: e.id,
          anchor: nurtureConditionAnchor("exit", `${p.id}/${e.id}`),
          condition: words(e.when),
          to: "leaves the program",
          toHref: "",
          description: e.description,
        })),
        ...(p.escalations ?? []).map((e) => ({
          what: "escalation",
          id: e.id,
          anchor: nurtureConditionAnchor("escalation", `${p.id}/${e.id}`),
          condition: words(e.when),
          to: e.route,
          toHref: context.routing ? `routing.md#${anchor("rule", e.route)}` : "",
          description: e.description,
        })),
      ],
      tracks: p.tracks.map((t, j) => ({
        order: j + 1,
        id: t.id,
        anchor: nurtureConditionAnchor("track", `${p.id}/${t.id}`),
        description: t.description,
        condition: trackAudience(t.when, j, words),
      })),
      flowchart: markdownCodeBlock("mermaid", programFlowchart(p, words).source),
      steps: p.tracks.flatMap((t) =>
        t.steps.map((s, k) => {
          const asset = s.asset === undefined ? undefined : assets.get(s.asset);
          return {
            track: t.id,
            order: k + 1,
            id: s.id,
            anchor: anchor("step", `${p.id}/${t.id}/${s.id}`),
            description: s.description,
            channel: s.channel,
            asset: s.asset ?? "",
            assetHref: asset ? `content.md#${anchor("asset", asset.id)}` : "",
            assetVersion: asset?.version ?? "-",
            wait: s.waitDays,
            branches: (s.branches ?? []).map((b) => ({
              id: b.id,
              anchor: nurtureConditionAnchor("branch", `${p.id}/${b.id}`),
              goto: b.goto,
              condition: words(b.when),
            })),
          };
        }),
      ),
    })),
  };
}
