/**
 * The one place an embedded DuckDB is opened, with the settings every use shares: in memory, a memory
 * limit, a number of threads, a spill folder of its own in the OS temporary folder (an in-memory DuckDB
 * otherwise spills into `.tmp` in the current folder, which is not ours to write), and no extension
 * installed or loaded on demand (a path must never make DuckDB fetch code or reach a network).
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { UsageError } from "../diagnostics/index.js";
import { releaseTemporaryPath, trackTemporaryPath } from "./temporary-paths.js";

/** DuckDB's memory limit unless one is given (`--memory-limit`). */
export const defaultMemoryLimit = "500MB";

/**
 * DuckDB's out-of-memory error (an operator that could not spill within the limit) as a usage error that says
 * what to do; any other error unchanged.
 */
export function explainDuckDbError(error: unknown, memoryLimit: string): unknown {
  if (!(error instanceof Error) || !error.message.startsWith("Out of Memory Error")) return error;
  const what = error.message.split("\n")[0]!.replace(/^Out of Memory Error: /, "");
  return new UsageError(
    `DuckDB needed more memory than its limit of ${memoryLimit} (${what})`,
    "Give it more with --memory-limit (for example --memory-limit 2GB), or decide the leads with --engine compiled, which streams and needs no limit.",
  );
}

export interface DuckDbSettings {
  /** DuckDB's own syntax: `500MB`, `2GB`. */
  memoryLimit: string;
  threads: number;
}

export interface OpenDuckDb {
  connection: DuckDBConnection;
  /** The database's own folder (its spill files, and what a caller stages for it); removed on close. */
  folder: string;
  /** Closes the database and removes its spill folder. */
  close(): void;
}

export async function openDuckDb(settings: DuckDbSettings): Promise<OpenDuckDb> {
  // An interrupt removes it too: it holds the staged leads, as large as the input. Tracked before it exists:
  // an interrupt between creating and tracking it would have left it behind (mkdir fails if the name is taken).
  const spill = path.join(tmpdir(), `leadrules-duckdb-${randomBytes(8).toString("hex")}`);
  trackTemporaryPath(spill);
  try {
    mkdirSync(spill, { mode: 0o700 });
  } catch (error) {
    releaseTemporaryPath(spill); // not ours: never removed
    throw error;
  }
  const remove = () => {
    rmSync(spill, { recursive: true, force: true });
    releaseTemporaryPath(spill);
  };
  try {
    const instance = await DuckDBInstance.create(":memory:", {
      memory_limit: settings.memoryLimit,
      threads: String(settings.threads),
      temp_directory: spill,
      autoinstall_known_extensions: "false",
      autoload_known_extensions: "false",
    });
    const connection = await instance.connect();
    // The binding's streamed results complete their promises from DuckDB's own threads without holding
    // Node's event loop: with 2 threads at 1,000,000 leads the loop emptied mid-query and Node ended the
    // process, output cut short, exit 0. An open database holds the loop until it is closed.
    const keepAlive = setInterval(() => {}, 1 << 30);
    return {
      connection,
      folder: spill,
      close() {
        clearInterval(keepAlive);
        connection.closeSync();
        instance.closeSync();
        remove();
      },
    };
  } catch (error) {
    remove();
    throw error;
  }
}
