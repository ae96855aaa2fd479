/**
 * The semantic diff of the NurtureProgram policy (what a pull request's
 * change report lists for nurture) and its version gates: each edit of the
 * bundled programs, made in memory, gives the items the council reads.
 */
import { describe, expect, it } from "vitest";
import { checkGates, requiredBump } from "../src/diff/gates.js";
import { diffPolicySets, type PolicyChange } from "../src/diff/semantic-diff.js";
import type { NurtureSpec } from "../src/model/policy.js";
import type { PolicySet } from "../src/model/policy-set.js";
import { factLabels } from "../src/render/fact-labels.js";
import { runCli } from "./helpers/cli.js";
import { policyRepo } from "./helpers/git-repo.js";
import { validSet } from "./helpers/policies.js";

const base = validSet();

/** The bundled set with its nurture spec (and version) edited in a copy. */
function edited(edit: (spec: NurtureSpec) => void, version?: string): PolicySet {
  const nurture = base.byKind.NurtureProgram!;
  const spec = structuredClone(nurture.document.spec);
  edit(spec);
  const metadata = { ...nurture.document.metadata, ...(version ? { version } : {}) };
  const policy = { ...nurture, document: { ...nurture.document, metadata, spec } } as typeof nurture;
  return { policies: base.policies.map((p) => (p === nurture ? policy : p)), byKind: { ...base.byKind, NurtureProgram: policy } };
}

function nurtureChange(edit: (spec: NurtureSpec) => void): PolicyChange {
  return diffPolicySets(base, edited(edit), factLabels(base)).find((c) => c.kind === "NurtureProgram")!;
}

const program = (spec: NurtureSpec, id: string) => spec.programs.find((p) => p.id === id)!;
const track = (spec: NurtureSpec, programId: string, id: string) => program(spec, programId).tracks.find((t) => t.id === id)!;

describe("semantic diff of NurtureProgram", () => {
  it("an unchanged policy lists nothing", () => {
    expect(nurtureChange(() => {}).items).toEqual([]);
  });

  it("a program added or removed, with its exits, escalations, tracks and steps", () => {
    const removed = nurtureChange((spec) => {
      spec.programs = spec.programs.filter((p) => p.id !== "recycled-reengagement");
    });
    expect(removed.items).toEqual([
      { item: "program recycled-reengagement", change: "removed", details: [] },
      { item: "exit recycled-reengagement/requalified", change: "removed", details: [] },
      { item: "escalation recycled-reengagement/pricing-interest", change: "removed", details: [] },
      { item: "track recycled-reengagement/reengage", change: "removed", details: [] },
      { item: "step recycled-reengagement/reengage/webinar", change: "removed", details: [] },
      { item: "step recycled-reengagement/reengage/ebook", change: "removed", details: [] },
      { item: "step recycled-reengagement/reengage/ads", change: "removed", details: [] },
    ]);
    expect(requiredBump(removed)).toBe("major");

    const added = nurtureChange((spec) => {
      spec.programs.push({
        id: "events",
        name: "Events",
        description: "Event follow-up.",
        priority: 70,
        calendar: "americas",
        entry: { fact: "leadSource", operator: "equal", value: "event" },
        exits: [],
        tracks: [
          {
            id: "follow-up",
            description: "One email.",
            steps: [{ id: "thanks", description: "Thanks.", channel: "email", asset: "data-stack-ebook", waitDays: 1 }],
          },
        ],
      });
    });
    expect(added.items).toEqual([
      { item: "program events", change: "added", details: [] },
      { item: "track events/follow-up", change: "added", details: [] },
      { item: "step events/follow-up/thanks", change: "added", details: [] },
    ]);
    expect(requiredBump(added)).toBe("minor");
  });

  it("priority, entry, exit and escalation conditions changed, in words", () => {
    const change = nurtureChange((spec) => {
      program(spec, "welcome").priority = 45;
      program(spec, "recycled-reengagement").entry = { fact: "stage", operator: "in", value: ["recycled", "lead"] };
      program(spec, "welcome").exits[0]!.when = { fact: "emailClicks", operator: "greaterThanInclusive", value: 5 };
      program(spec, "welcome").escalations![0]!.route = "route.mql.emea";
    });
    expect(change.items).toEqual([
      { item: "program welcome", change: "changed", details: ["priority 40 -> 45"] },
      { item: "exit welcome/qualified", change: "changed", details: ['when "MQL reached is yes" -> "Email clicks is at least 5"'] },
      { item: "escalation welcome/demo-request", change: "changed", details: ["route route.mql.americas -> route.mql.emea"] },
      {
        item: "program recycled-reengagement",
        change: "changed",
        details: ['entry "Stage is recycled" -> "Stage is one of recycled, lead"'],
      },
    ]);
    expect(requiredBump(change)).toBe("minor");
  });

  it("tracks added, removed, reordered and their conditions changed", () => {
    const change = nurtureChange((spec) => {
      const education = program(spec, "early-education");
      track(spec, "early-education", "data-practitioners").when = { fact: "jobFunction", operator: "equal", value: "data" };
      education.tracks.reverse();
      program(spec, "welcome").tracks.push({
        id: "late",
        description: "Late.",
        steps: [{ id: "nudge", description: "Nudge.", channel: "email", asset: "data-stack-ebook", waitDays: 3 }],
      });
      program(spec, "customer-renewal").tracks[0]!.when = { fact: "isCustomer", operator: "equal", value: true };
    });
    expect(change.items).toEqual([
      { item: "track customer-renewal/renewal", change: "changed", details: ['when (none) -> "Is customer is yes"'] },
      { item: "track welcome/late", change: "added", details: [] },
      { item: "step welcome/late/nudge", change: "added", details: [] },
      { item: "track early-education/business-buyers", change: "changed", details: ["position 2 -> 1"] },
      {
        item: "track early-education/data-practitioners",
        change: "changed",
        details: ["position 1 -> 2", 'when "Job function is one of data, engineering, it" -> "Job function is data"'],
      },
    ]);
  });

  it("steps added, removed and moved; wait, asset and channel changed; a branch's condition and target", () => {
    const change = nurtureChange((spec) => {
      const practitioners = track(spec, "early-education", "data-practitioners");
      const [webinar, whitepaper, ebook, tour] = practitioners.steps;
      practitioners.steps = [whitepaper!, webinar!, tour!, ebook!];
      whitepaper!.branches![0]!.when = { fact: "emailClicks", operator: "greaterThanInclusive", value: 2 };
      whitepaper!.branches![0]!.goto = "ebook";
      const buyers = track(spec, "early-education", "business-buyers");
      buyers.steps[1]!.waitDays = 5;
      buyers.steps[2]!.asset = "customer-story-acme";
      buyers.steps[2]!.channel = "email";
      buyers.steps.push({ id: "call", description: "A call.", channel: "call-task", waitDays: 2 });
      track(spec, "sales-accepted", "proof").steps.pop();
    });
    expect(change.items).toEqual([
      // In the head's order: a moved step, and every step whose place it took.
      { item: "step early-education/data-practitioners/whitepaper", change: "changed", details: ["position 2 -> 1"] },
      {
        item: "branch early-education/engaged",
        change: "changed",
        details: ["goto tour -> ebook", 'when "Email clicks is at least 3" -> "Email clicks is at least 2"'],
      },
      { item: "step early-education/data-practitioners/webinar", change: "changed", details: ["position 1 -> 2"] },
      { item: "step early-education/data-practitioners/tour", change: "changed", details: ["position 4 -> 3"] },
      { item: "step early-education/data-practitioners/ebook", change: "changed", details: ["position 3 -> 4"] },
      { item: "step early-education/business-buyers/analyst", change: "changed", details: ["waitDays 7 -> 5"] },
      {
        item: "step early-education/business-buyers/mailer",
        change: "changed",
        details: ["asset analyst-report -> customer-story-acme", "channel direct-mail -> email"],
      },
      { item: "step early-education/business-buyers/call", change: "added", details: [] },
      { item: "step sales-accepted/proof/story", change: "removed", details: [] },
    ]);
  });

  it("the contact policy (cap, window, quiet periods, hold, open opportunity), consent gates and breakers", () => {
    const change = nurtureChange((spec) => {
      const contact = spec.contactPolicy;
      contact.maxTouches = 4;
      contact.windowDays = 10;
      contact.salesTouch!.holdDays = 5;
      contact.openOpportunity = { fact: "convertedOpportunityId", operator: "exists", value: true };
      contact.quietPeriods![0]!.to = "2027-01-02";
      contact.quietPeriods!.push({ id: "summer", description: "August.", from: "2027-08-01", to: "2027-08-15" });
      spec.consentGates[1]!.requires = { fact: "consentStatus", operator: "equal", value: "granted" };
      spec.breakers![0]!.above = 30;
    });
    expect(change.items).toEqual([
      {
        item: "contact policy",
        change: "changed",
        details: [
          "maxTouches 3 -> 4",
          'openOpportunity "Converted opportunity is filled in and Stage is none of customer, disqualified" -> "Converted opportunity is filled in"',
          "salesTouch.holdDays 3 -> 5",
          "windowDays 7 -> 10",
        ],
      },
      { item: "quiet period year-end", change: "changed", details: ["to 2027-01-01 -> 2027-01-02"] },
      { item: "quiet period summer", change: "added", details: [] },
      {
        item: "consent gate consent.ca-email",
        change: "changed",
        details: ['requires "Consent status is one of granted, not-asked" -> "Consent status is granted"'],
      },
      { item: "breaker breaker.crm-sync", change: "changed", details: ["above 60 -> 30"] },
    ]);
  });

  it("descriptions and names only: a documentation change", () => {
    const change = nurtureChange((spec) => {
      program(spec, "welcome").name = "Welcome series";
      track(spec, "welcome", "welcome").steps[0]!.description = "Welcome, and the e-book.";
    });
    expect(change.decisionChanged).toBe(false);
    expect(requiredBump(change)).toBe("patch");
  });
});

describe("version gates of NurtureProgram", () => {
  const gates = (head: PolicySet) => checkGates(diffPolicySets(base, head, factLabels(base)), head, new Map());
  const longerWait = (spec: NurtureSpec) => {
    track(spec, "welcome", "welcome").steps[0]!.waitDays = 1;
  };

  it("a behaviour change needs a MINOR bump, a removed step a MAJOR one", () => {
    expect(gates(edited(longerWait))).toEqual([
      {
        file: "policies/nurture-programs.yaml",
        policy: "nurture-programs",
        message: "a behaviour change without the version bump it needs: 1.0.0 -> 1.0.0, needs at least 1.1.0 (MINOR)",
      },
    ]);
    const minor = gates(edited(longerWait, "1.1.0")).map((v) => v.message);
    expect(minor).toEqual(["version 1.1.0 has no entry in metadata.changes; add { version: 1.1.0, date, summary }"]);
    const removedStep = gates(
      edited((spec) => {
        track(spec, "early-education", "business-buyers").steps.pop();
      }, "1.1.0"),
    ).map((v) => v.message);
    expect(removedStep).toContain("a breaking change without the version bump it needs: 1.0.0 -> 1.1.0, needs at least 2.0.0 (MAJOR)");
  });

  it("diff --check fails an unbumped nurture change in a pull request", async () => {
    const repo = policyRepo();
    repo.edit("nurture-programs.yaml", "maxTouches: 3", "maxTouches: 4");
    const run = await runCli(["diff", "--policies", repo.policies, "--base", "main", "--check", "--format", "text"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("maxTouches 3 -> 4");
    expect(run.stderr).toContain(
      "policies/nurture-programs.yaml: a behaviour change without the version bump it needs: 1.0.0 -> 1.0.0, needs at least 1.1.0 (MINOR)",
    );
  });
});
