/**
 * What a nurture run counts: leads per status, per program its audience (every lead it would take but for
 * a program before it) and members, the collisions avoided by priority, the leads in no program by stage
 * (the black hole), the next touches by channel, and marketing touches per lead in the contact window.
 */
import type { ReadReport } from "../input/read-report.js";
import type { NurtureSpec } from "../model/policy.js";
import { nurtureStatuses, type NurtureDecision, type NurtureStatus } from "./nurture.js";

export interface NurtureProgramCounts {
  program: string;
  /** Leads whose audience it is: its members and those a program before it by priority took. */
  audience: number;
  members: number;
  escalated: number;
  paused: number;
  /** Leads that entered but left by an exit. */
  exited: number;
}

export interface NurtureSummary {
  asOf: string;
  leads: number;
  read: ReadReport;
  byStatus: Record<NurtureStatus, number>;
  programs: NurtureProgramCounts[];
  /** `taken -> held back`: a lead in both audiences went to the first by priority. */
  collisions: { program: string; over: string; leads: number }[];
  /** Leads in no program, by stage ("(none)" without one). */
  noProgramByStage: Record<string, number>;
  /** Next touches that will go out (scheduled, held or capped), by channel. */
  nextByChannel: Record<string, number>;
  /** Leads by the number of marketing touches in the contact window before the as-of time; the last bucket is "more than the cap". */
  touchesInWindow: { touches: string; leads: number }[];
  windowDays: number;
  maxTouches: number;
}

const sending = new Set<NurtureStatus>(["scheduled", "held", "capped"]);

export class NurtureSummaryAccumulator {
  private leads = 0;
  private readonly byStatus = Object.fromEntries(nurtureStatuses.map((s) => [s, 0])) as Record<NurtureStatus, number>;
  private readonly programs: Map<string, NurtureProgramCounts>;
  private readonly collisions = new Map<string, number>();
  private readonly noProgram = new Map<string, number>();
  private readonly channels = new Map<string, number>();
  private readonly touches: number[];

  constructor(
    private readonly nurture: NurtureSpec,
    private readonly asOfMs: number,
  ) {
    this.programs = new Map(
      nurture.programs.map((p) => [p.id, { program: p.id, audience: 0, members: 0, escalated: 0, paused: 0, exited: 0 }]),
    );
    this.touches = new Array(nurture.contactPolicy.maxTouches + 2).fill(0);
  }

  add(decision: NurtureDecision, stage: string | null): void {
    this.leads++;
    this.byStatus[decision.status]++;
    const max = this.nurture.contactPolicy.maxTouches;
    this.touches[Math.min(decision.touches, max + 1)]!++;
    if (decision.program !== null) {
      const counts = this.programs.get(decision.program)!;
      counts.audience++;
      counts.members++;
      if (decision.status === "escalated") counts.escalated++;
      if (decision.status === "paused") counts.paused++;
    } else {
      const key = stage ?? "(none)";
      this.noProgram.set(key, (this.noProgram.get(key) ?? 0) + 1);
    }
    for (const passed of decision.passed) {
      const counts = this.programs.get(passed.program)!;
      if (passed.why === "exit") counts.exited++;
      if (passed.why === "priority") {
        counts.audience++;
        const key = `${decision.program}\u0000${passed.program}`;
        this.collisions.set(key, (this.collisions.get(key) ?? 0) + 1);
      }
    }
    // Only touches that go out: a suppressed, blocked or paused next step is not a touch.
    if (decision.next && sending.has(decision.status))
      this.channels.set(decision.next.channel, (this.channels.get(decision.next.channel) ?? 0) + 1);
  }

  result(read: ReadReport): NurtureSummary {
    const max = this.nurture.contactPolicy.maxTouches;
    const sorted = <T>(map: Map<string, T>) => [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return {
      asOf: new Date(this.asOfMs).toISOString(),
      leads: this.leads,
      read,
      byStatus: { ...this.byStatus },
      programs: [...this.programs.values()].map((p) => ({ ...p })),
      collisions: sorted(this.collisions).map(([key, leads]) => {
        const [program, over] = key.split("\u0000") as [string, string];
        return { program, over, leads };
      }),
      noProgramByStage: Object.fromEntries(sorted(this.noProgram)),
      nextByChannel: Object.fromEntries(sorted(this.channels)),
      touchesInWindow: this.touches.map((leads, i) => ({ touches: i > max ? `more than ${max}` : String(i), leads })),
      windowDays: this.nurture.contactPolicy.windowDays,
      maxTouches: max,
    };
  }
}
