/** What a step generator of the fused row function gives: its statements, and the local holding its part of the row. */
export interface StepCode {
  code: string;
  /**
   * The expression of the step's part of the row, in the row's format (`FusedCode.csv`): the value of its
   * member of the outcome's JSON, or its CSV cells joined by commas.
   */
  text: string;
}
