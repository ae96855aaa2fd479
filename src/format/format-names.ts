/**
 * The names of output formats whose formatters load much (the audit's and the diff's reports read the compiled
 * policies, the simulation's write CSV), kept apart so the CLI can list them in --help without loading the formatters.
 */
export const auditFormats = ["text", "markdown", "json", "csv"] as const;
export type AuditFormat = (typeof auditFormats)[number];

export const diffFormats = ["markdown", "text", "json"] as const;
export type DiffFormat = (typeof diffFormats)[number];

export const simulationFormats = ["table", "csv", "ndjson", "json", "markdown"] as const;
export type SimulationFormat = (typeof simulationFormats)[number];

export const backtestFormats = ["text", "markdown", "json", "html"] as const;
export type BacktestFormat = (typeof backtestFormats)[number];

export const approvalsFormats = ["text", "markdown", "json", "github"] as const;
export type ApprovalsFormat = (typeof approvalsFormats)[number];

export const testFormats = ["text", "json", "junit"] as const;
export type TestFormat = (typeof testFormats)[number];

/** `owners`, `compile`, `docs` and `run`: words for people, or one JSON document. */
export const reportFormats = ["text", "json"] as const;
export type ReportFormat = (typeof reportFormats)[number];
