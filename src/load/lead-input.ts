/**
 * What reading a lead file yields, and the layout it is read with: the shapes every reader
 * of a lead file (CSV, XLSX, NDJSON, JSON, YAML) shares.
 */
import type { Diagnostic } from "../diagnostics/index.js";
import type { ReadSettings } from "../model/import-profile.js";
import type { RawRecord } from "../model/lead.js";

/** A line of a CSV file, or a row of a sheet, that was not read as a lead: a report title above the header, or a report footer. */
export interface DroppedLine {
  /** 1-based line (CSV) or row (XLSX) number. */
  line: number;
  text: string;
  why: "title" | "footer";
}

/**
 * What a lead file yields, in file order: a record, a row that could not be read, and, for CSV and XLSX,
 * the column names as written (trimmed, once, before any record) and lines not read as leads.
 */
export type LeadInput =
  | { record: RawRecord }
  | { problem: Diagnostic }
  | { columns: string[] /** CSV: the delimiter read with (given or told from the header). */; delimiter?: string }
  | { dropped: DroppedLine };

/** The layout a lead file is read with. */
export type LeadLayout = ReadSettings["layout"];

/** A row as the file readers hand it to the footer rule: whether a blank line (or an all-empty row) came right before it. */
export type RowInput = LeadInput | { record: RawRecord; afterBlank: boolean };
