/**
 * Lead ids seen twice in one lead file. Both rows are still simulated (the file says two things about one
 * lead, and which one the CRM keeps is its business), but a CRM import upserts by id and `explain --lead`
 * finds only one of them, so the run says so: a warning naming the id and both lines, counted in the
 * summary, fatal with --strict. Ids are checked in input order, in the main thread on the parallel path.
 *
 * Memory: one map entry per lead (id -> first line), about 60 MB of heap for 1,000,000 leads; the peak RSS of
 * simulating `sample --count 1000000` with two workers went from 289 MB to about 490 MB with it.
 */
import { UsageError, type Diagnostic } from "../diagnostics/index.js";
import type { SummaryAccumulator } from "./summary.js";

export class DuplicateIds {
  private readonly firstLine = new Map<string, number>();

  constructor(
    private readonly file: string,
    private readonly onDuplicate: (warning: Diagnostic) => void,
  ) {}

  see(id: string, line: number): void {
    const first = this.firstLine.get(id);
    if (first === undefined) this.firstLine.set(id, line);
    else this.onDuplicate({ code: "input/duplicate-id", severity: "warning", message: `the lead id ${JSON.stringify(id)} on line ${line} was already used on line ${first}; both rows are simulated`, hint: "Each lead needs its own id: a CRM import keeps one of the two, and explain --lead finds only the first.", location: { file: this.file, line, column: 1 } });
  }
}

/** What happens to a duplicate id: with --strict the run stops (exit 2); otherwise a warning, counted. */
export function duplicateIdHandler(options: { strict?: boolean }, summary: SummaryAccumulator, diagnostics: Diagnostic[]): (warning: Diagnostic) => void {
  return (warning) => {
    if (options.strict) throw new UsageError(warning.message, `${warning.hint ?? ""} (--strict stops at the first duplicate id)`.trim(), [warning]);
    diagnostics.push(warning);
    summary.duplicateId();
  };
}
