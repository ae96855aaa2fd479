/**
 * `compile --format json` and `docs --format json`: which files of each generated folder were written or
 * removed, or with `--check` which are stale, missing or extra and how many are unchanged; the outcome
 * first (`ok`), the diagnostics last (`validate --format json`'s shape: policies with errors stop the
 * command before any folder is touched).
 */
import type { Diagnostic } from "../diagnostics/index.js";
import { diagnosticsJson } from "./diagnostics-format.js";
import { jsonDocument } from "./json-document.js";

type DriftState = "stale" | "missing" | "extra";

/** A folder written, or compared with what the policies produce (`--check`). */
export type GeneratedFolderReport =
  | { directory: string; written: readonly string[]; removed: readonly string[] }
  | { directory: string; files: number; drift: readonly { file: string; state: DriftState }[] };

export interface GeneratedReport {
  /** Nothing stale, no errors. */
  ok: boolean;
  check: boolean;
  folders: readonly GeneratedFolderReport[];
  diagnostics: readonly Diagnostic[];
}

export function formatGeneratedJson({ ok, check, folders, diagnostics }: GeneratedReport): string {
  return jsonDocument({
    ok,
    check,
    folders: folders.map((f) => ("drift" in f ? checkedFolder(f) : { directory: f.directory, written: f.written, removed: f.removed })),
    ...diagnosticsJson(diagnostics),
  });
}

function checkedFolder(f: Extract<GeneratedFolderReport, { drift: unknown }>) {
  const inState = (state: DriftState) => f.drift.filter((d) => d.state === state).map((d) => d.file);
  const [stale, missing, extra] = [inState("stale"), inState("missing"), inState("extra")];
  return {
    directory: f.directory,
    upToDate: f.drift.length === 0,
    files: f.files,
    unchanged: f.files - stale.length - missing.length,
    stale,
    missing,
    extra,
  };
}
