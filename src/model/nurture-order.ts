/**
 * The order programs are tried in, one definition for the nurture step (which program takes a lead), the
 * decision-logic analysis (which program a lead in two audiences is a member of) and the Data Definitions
 * (which lists programs in the order they take leads): lowest priority first; programs
 * without one after those with one, in file order (validate reports overlapping audiences whose priorities do not decide, logic/nurture-overlap).
 */
import type { NurtureProgramDefinition } from "./policy.js";

export function programsByPriority(programs: readonly NurtureProgramDefinition[]): NurtureProgramDefinition[] {
  return programs
    .map((program, index) => ({ program, index }))
    .sort((a, b) => (a.program.priority ?? Infinity) - (b.program.priority ?? Infinity) || a.index - b.index)
    .map(({ program }) => program);
}
