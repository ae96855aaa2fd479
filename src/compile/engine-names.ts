/** The evaluators' names, apart from the evaluators (json-rules-engine), so the CLI can list them without loading one. */
export const engineNames = ["compiled", "reference"] as const;
export type EngineName = (typeof engineNames)[number];

/** What decides the leads of a simulation: one of the evaluators, or the pipeline compiled to SQL and run in embedded DuckDB. */
export const simulateEngineNames = [...engineNames, "duckdb"] as const;
export type SimulateEngineName = (typeof simulateEngineNames)[number];

/** What decides the leads of a behaviour diff: the compiled evaluator (fused where it can be), or both versions as SQL in embedded DuckDB. */
export const diffEngineNames = ["compiled", "duckdb"] as const;
export type DiffEngineName = (typeof diffEngineNames)[number];
