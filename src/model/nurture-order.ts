/**
 * The order programs are tried in, one definition for the nurture step (which program takes a lead) and the
 * Data Definitions (which lists programs in the order they take leads): lowest priority first; programs
 * without one after those with one, in file order (validate asks for priorities where audiences overlap).
 */
import type { NurtureProgramDefinition } from "./policy.js";

export function programsByPriority(programs: readonly NurtureProgramDefinition[]): NurtureProgramDefinition[] {
  return programs
    .map((program, index) => ({ program, index }))
    .sort((a, b) => (a.program.priority ?? Infinity) - (b.program.priority ?? Infinity) || a.index - b.index)
    .map(({ program }) => program);
}
