/** The evaluators' names, apart from the evaluators (json-rules-engine), so the CLI can list them without loading one. */
export const engineNames = ["compiled", "reference"] as const;
export type EngineName = (typeof engineNames)[number];
