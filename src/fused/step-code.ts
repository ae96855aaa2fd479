/** What a step generator of the fused row function gives: its statements, and the local holding its JSON text. */
export interface StepCode {
  code: string;
  /** The local holding the step's JSON text (the value of its member of the row). */
  json: string;
}
