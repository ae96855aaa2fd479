/**
 * Output formats of `simulate`. Each is a small streaming formatter: a header,
 * one chunk per lead, and a footer with the summary, so rows can be written
 * as they are decided. `table` buffers because it aligns columns.
 */
import type { LeadOutcome } from "../model/outcome.js";
import { assignmentJson, outcomeJson, outcomeJsonAround } from "../render/outcome-json.js";
import { assignmentCell, flattenOutcome, simulationCells, simulationColumns, type FlatRow } from "../render/simulation-rows.js";
import type { DiagnosisOnly, SimulationSummary } from "../simulate/summary.js";
import { csvCells, csvRows } from "../render/escape/spreadsheet.js";
import { escapeMarkdown, markdownCodeBlock, markdownTable, markdownTableRow } from "../render/escape/markdown.js";
import { formatSimulationSummary, formatTable } from "./summary-text.js";

import type { SimulationFormat } from "./format-names.js";
import type { FusedFormat } from "../fused/simulate-fused.js";

export { simulationFormats, type SimulationFormat } from "./format-names.js";

export interface SimulationMeta {
  asOf: string;
  dimensions: string[];
  /** CSV cells exactly as they are, without the spreadsheet-formula guard (`--raw-csv`). */
  rawCsv?: boolean;
  /** The policies had decision-logic errors and were simulated anyway: every NDJSON row says so, and the summaries. */
  diagnosisOnly?: DiagnosisOnly;
}

export interface SimulationWriter {
  header(): string;
  row(outcome: LeadOutcome): string;
  footer(summary: SimulationSummary): string;
  /**
   * Formats that can write a row before its owner is known: the row split where the assignment goes
   * (null when the lead has no route, so the row is whole), and the assignment's text.
   */
  split?: {
    around(outcome: LeadOutcome): [before: string, after: string] | null;
    assignment(assignedQueue: string | null, owner: string | null): string;
  };
  /**
   * Formats whose rows the fused row function (fused/fused-row.ts) writes itself (the outcome's JSON, or CSV
   * cells): how it writes them, the assignment's text between a row's head and tail, and the row around the
   * function's finished text.
   */
  fused?: FusedFormat & {
    row(text: string): string;
  };
}

type WriterFactory = (meta: SimulationMeta) => SimulationWriter;

// Like NDJSON, a CSV row can be written before its owner is known: split before the queue and owner cells.
// The same assignments come again and again: their cells are written once (queues and owners are policy text).
const csv: WriterFactory = (meta) => {
  const options = { raw: meta.rawCsv ?? false };
  const gap = assignmentCell(meta.dimensions);
  const written = new Map<string | null, Map<string | null, string>>();
  const assignment = (queue: string | null, owner: string | null): string => {
    let byOwner = written.get(queue);
    if (byOwner === undefined) written.set(queue, (byOwner = new Map()));
    let text = byOwner.get(owner);
    if (text === undefined) byOwner.set(owner, (text = csvCells([queue, owner], options)));
    return text;
  };
  return {
    header: () => csvRows([simulationColumns(meta.dimensions)]),
    row: (o) => `${csvCells(simulationCells(o, meta.dimensions), options)}\n`,
    footer: () => "",
    split: {
      around(o) {
        if (!o.route) return null;
        const cells = simulationCells(o, meta.dimensions);
        return [`${csvCells(cells.slice(0, gap), options)},`, `,${csvCells(cells.slice(gap + 2), options)}\n`];
      },
      assignment,
    },
    // diagnosisOnly changes no CSV row (only the summary says so).
    fused: { rows: { csv: { raw: options.raw, dimensions: meta.dimensions } }, assignment, row: (text) => text },
  };
};

// A row of policies simulated with decision-logic errors ends with `"diagnosisOnly":true`, so no row saved on its own passes for a real result.
const ndjson: WriterFactory = (meta) => {
  const last = meta.diagnosisOnly ? ',"diagnosisOnly":true}\n' : "}\n";
  const end = meta.diagnosisOnly ? (json: string) => json.slice(0, -1) + last : (json: string) => `${json}\n`;
  return {
    header: () => "",
    row: (o) => end(outcomeJson(o)),
    footer: () => "",
    split: {
      around(o) {
        const parts = outcomeJsonAround(o);
        return parts && [parts[0], end(parts[1])];
      },
      assignment: assignmentJson,
    },
    fused: { rows: { json: { end: last } }, assignment: assignmentJson, row: (json) => json },
  };
};

const json: WriterFactory = (meta) => {
  let first = true;
  const row = (json: string) => {
    const chunk = `${first ? "\n" : ",\n"}    ${json}`;
    first = false;
    return chunk;
  };
  return {
    header: () => `{\n  "asOf": ${JSON.stringify(meta.asOf)},\n  "rows": [`,
    row: (o) => row(outcomeJson(o)),
    fused: { rows: { json: { end: "}" } }, assignment: assignmentJson, row },
    footer: (summary) => `${first ? "" : "\n  "}],\n  "summary": ${JSON.stringify(summary, null, 2).replace(/\n/g, "\n  ")}\n}\n`,
  };
};

const tableColumns = ["id", "total", "grade", "stage", "queue", "owner", "first_touch_due", "content", "retention", "flagged"];

function tableCells(flat: FlatRow): string[] {
  const stage =
    flat.stage_before === flat.stage_after ? String(flat.stage_after ?? "") : `${flat.stage_before ?? "-"} -> ${flat.stage_after ?? "-"}`;
  const content = String(flat.eligible_content ?? "")
    .split(";")
    .filter(Boolean).length;
  return [
    String(flat.id),
    String(flat.total ?? ""),
    String(flat.grade ?? ""),
    stage,
    String(flat.queue ?? "unassigned"),
    String(flat.owner ?? ""),
    String(flat.first_touch_due ?? "").replace(/:00\.000Z$/, "Z"),
    `${content} assets`,
    flat.retention_action ? `${flat.retention_action} ${flat.retention_due ?? "(no date)"}` : "",
    String(flat.flagged ?? ""),
  ];
}

/** The most rows the aligned table shows; it holds them until the end, so a large file would fill memory. */
export const tableRowLimit = 10_000;

const table: WriterFactory = (meta) => {
  const rows: string[][] = [];
  let more = 0;
  return {
    header: () => "",
    row: (o) => {
      if (rows.length < tableRowLimit) rows.push(tableCells(flattenOutcome(o, meta.dimensions)));
      else more++;
      return "";
    },
    footer: (summary) => {
      const cut =
        more > 0 ? `... and ${more} more rows: the table shows the first ${tableRowLimit}; use --format csv or ndjson for every row\n` : "";
      return `${formatTable(tableColumns, rows)}${cut}\n${formatSimulationSummary(summary, meta.asOf)}`;
    },
  };
};

// Rows are written one at a time: the header of an empty table, then one escaped row per lead.
const markdown: WriterFactory = (meta) => ({
  header: () => `# Simulation as of ${escapeMarkdown(meta.asOf)}\n\n${markdownTable(tableColumns, [])}\n`,
  row: (o) => `${markdownTableRow(tableCells(flattenOutcome(o, meta.dimensions)))}\n`,
  footer: (summary) => `\n## Summary\n\n${markdownCodeBlock("text", formatSimulationSummary(summary, meta.asOf).trimEnd())}\n`,
});

export const simulationWriters: Record<SimulationFormat, WriterFactory> = { table, csv, ndjson, json, markdown };

/** Formats whose rows do not depend on the rows before them, so worker threads can write them (table aligns, json separates). */
export const standAloneRows: ReadonlySet<SimulationFormat> = new Set(["ndjson", "csv", "markdown"]);
