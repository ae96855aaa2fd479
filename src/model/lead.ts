/**
 * A lead after normalisation: every dictionary field present, typed, and
 * null when empty. Records hold only dictionary fields and inherit nothing
 * (their prototype chain is empty), so keys like `__proto__` in input data can
 * never pollute anything.
 */
export type FactValue = string | number | boolean | string[] | null;
export type Lead = Record<string, FactValue>;

/** A raw input record and where it came from (1-based row or line). */
export interface RawRecord {
  row: number;
  values: Record<string, unknown>;
}
