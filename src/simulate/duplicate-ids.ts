/**
 * Lead ids seen twice in one lead file. Both rows are still simulated (the file says two things about one
 * lead, and which one the CRM keeps is its business), but a CRM import upserts by id and `explain --lead`
 * finds only one of them, so the run says so: a warning naming the id and both lines, counted in the
 * summary, fatal with --strict. Ids are checked in input order, in the main thread on the parallel path.
 *
 * Memory: a map of id strings cost about 60 MB of heap per million leads and took the peak RSS of a
 * million-lead run from 289 MB to about 490 MB, so ids are kept as two independent 32-bit hashes and the
 * first line, in typed arrays outside the heap: 12 bytes a slot. The slots are split into 256 tables by the
 * top byte of the second hash, each grown on its own at three quarters full, so about 21 bytes a lead
 * (about 100 MB at five million) and a growing table never holds a copy of all the others: one table of
 * every slot, doubled at half full, had taken a five-million-lead run to a peak RSS of 545 MB. Two different
 * ids share both hashes with a chance of about n^2 / 2^65 (under one in a million at five million leads);
 * such a pair would be reported as a duplicate, never missed.
 */
import { UsageError, type Diagnostic } from "../diagnostics/index.js";
import type { SummaryAccumulator } from "./summary.js";

export class DuplicateIds {
  private readonly tables = Array.from({ length: 256 }, () => new IdTable(1 << 8));

  constructor(
    private readonly file: string,
    private readonly onDuplicate: (warning: Diagnostic) => void,
  ) {}

  see(id: string, line: number): void {
    const [a, b] = hashes(id);
    const table = this.tables[b >>> 24]!;
    const stored = table.findOrAdd(a, b, line + 1);
    if (table.isFull()) this.tables[b >>> 24] = table.grown();
    const first = stored === undefined ? undefined : stored - 1;
    if (first !== undefined)
      this.onDuplicate({
        code: "input/duplicate-id",
        severity: "warning",
        message: `the lead id ${JSON.stringify(id)} on line ${line} was already used on line ${first}; both rows are simulated`,
        hint: "Each lead needs its own id: a CRM import keeps one of the two, and explain --lead finds only the first.",
        location: { file: this.file, line, column: 1 },
      });
  }
}

/** Open addressing with linear probing, on the first hash. */
class IdTable {
  private readonly hashA: Int32Array;
  private readonly hashB: Int32Array;
  /** First line of the id in the slot, plus one: 0 marks an empty slot. */
  private readonly lines: Uint32Array;
  private used = 0;

  constructor(slots: number) {
    this.hashA = new Int32Array(slots);
    this.hashB = new Int32Array(slots);
    this.lines = new Uint32Array(slots);
  }

  /** The first line (as stored, plus one) of an id already seen, or undefined after adding it. */
  findOrAdd(a: number, b: number, line: number): number | undefined {
    const mask = this.lines.length - 1;
    for (let slot = a & mask; ; slot = (slot + 1) & mask) {
      if (this.lines[slot] === 0) {
        [this.hashA[slot], this.hashB[slot], this.lines[slot]] = [a, b, line];
        this.used++;
        return undefined;
      }
      if (this.hashA[slot] === a && this.hashB[slot] === b) return this.lines[slot]!;
    }
  }

  isFull(): boolean {
    return this.used * 4 > this.lines.length * 3;
  }

  grown(): IdTable {
    const next = new IdTable(this.lines.length * 2);
    for (let slot = 0; slot < this.lines.length; slot++)
      if (this.lines[slot] !== 0) next.findOrAdd(this.hashA[slot]!, this.hashB[slot]!, this.lines[slot]!);
    return next;
  }
}

/** FNV-1a and a multiply-xorshift hash over the UTF-16 code units: independent enough that both collide only by chance. */
function hashes(id: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9 ^ id.length;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return [a | 0, Math.imul(b ^ (b >>> 13), 0xc2b2ae35) | 0];
}

/** What happens to a duplicate id: with --strict the run stops (exit 2); otherwise a warning, counted. */
export function duplicateIdHandler(
  options: { strict?: boolean },
  summary: SummaryAccumulator,
  diagnostics: Diagnostic[],
): (warning: Diagnostic) => void {
  return (warning) => {
    if (options.strict)
      throw new UsageError(warning.message, `${warning.hint ?? ""} (--strict stops at the first duplicate id)`.trim(), [warning]);
    diagnostics.push(warning);
    summary.duplicateId();
  };
}
