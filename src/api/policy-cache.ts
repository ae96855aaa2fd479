/**
 * Validated policy sets, cached on disk by their content: a second `validate` (or `explain`, `simulate`,
 * `diff`...) of the same policies by the same code does not redo the decision-logic search of seconds.
 *
 * The key is a SHA-256 of the leadrules build id (a hash of the compiled code, dist/build-id.json: any change
 * of code misses), the Node version, the decision-logic scope, and every policy file's name and text. An entry
 * holds the key and a hash of its payload, checked on every read: a corrupt, truncated, foreign or older entry
 * is a miss, recomputed, never an error and never another set's answer. The payload (v8 serialization, as
 * exact as structuredClone: no `undefined` or -0 lost) is the whole sorted diagnostics, which `validate`
 * prints without parsing a file, and the schema-valid policy set as data (load/policy-set-data.ts), which
 * the commands that run the policies revive without parsing YAML or checking schemas either.
 *
 * This module stays light (no YAML, no schema validator): a warm `validate` loads only it.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { deserialize, serialize } from "node:v8";
import type { Diagnostic } from "../diagnostics/index.js";
import type { PolicySetData } from "../load/policy-set-data.js";
import type { PolicyFile } from "../load/read-policy-files.js";
import { cacheFolder, pruneCacheEntries, readCacheEntry, writeCacheEntry } from "../write/cache-folder.js";

/** Where validated policy sets are cached, and the build whose answers they are. */
export interface PolicyCache {
  folder: string;
  buildId: string;
}

/** What one policy set validated to. */
export interface PolicyCacheEntry {
  /** Everything validate reports, sorted. */
  diagnostics: Diagnostic[];
  /** The schema-valid policies, as `validatePolicies` built its set of them. */
  set: PolicySetData;
}

/** The decision-logic scope the entry was computed with: the CLI's `validate` runs "all", other commands "errors". */
export type CachedScope = "all" | "errors";

/**
 * The cache of this run, or null when there is none: turned off (`--no-cache`, `LEADRULES_CACHE=off`), no build
 * id (leadrules running from its TypeScript source, as under vitest: no hash of the code to trust), or no folder
 * that can safely be used (write/cache-folder.ts).
 */
export function policyCacheFor(options: { off?: boolean; env?: NodeJS.ProcessEnv; cwd?: string } = {}): PolicyCache | null {
  if (options.off) return null;
  const buildId = builtCodeId();
  if (!buildId) return null;
  const folder = cacheFolder(options.env, options.cwd);
  return folder ? { folder, buildId } : null;
}

let buildIdRead: { id: string | undefined } | undefined;

/** The build id written into dist/ by scripts/build-id.mjs; undefined when running from source. */
function builtCodeId(): string | undefined {
  if (!buildIdRead) {
    let id: string | undefined;
    try {
      // dist/api/policy-cache.js -> dist/build-id.json
      const value = (JSON.parse(readFileSync(new URL("../build-id.json", import.meta.url), "utf8")) as { buildId?: unknown }).buildId;
      if (typeof value === "string" && /^[0-9a-f]{64}$/.test(value)) id = value;
    } catch {
      id = undefined;
    }
    buildIdRead = { id };
  }
  return buildIdRead.id;
}

/** The entry's key: everything the answer depends on. Names and texts are length-prefixed, so no two sets share a key. */
export function policyCacheKey(buildId: string, scope: CachedScope, files: readonly PolicyFile[]): string {
  const hash = createHash("sha256");
  hash.update(`leadrules-policy-cache\0${buildId}\0${process.version}\0${scope}\0${files.length}\0`);
  for (const f of files) hash.update(`${f.file.length}\0${f.file}\0${Buffer.byteLength(f.text)}\0`).update(f.text);
  return hash.digest("hex");
}

/** The first line of every entry; a new layout of the payload changes it. */
const format = "leadrules-policy-cache 2";
/** Far above any real entry (the bundled set's is about 160 KB); a larger file is not ours. */
const maxEntryBytes = 64 * 1024 * 1024;

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const entryName = (key: string) => `policies-${key}.bin`;
/** Entries kept (about 160 KB each for the bundled set): the sets a developer switches between, both scopes each. */
const entriesKept = 32;

export function encodeEntry(key: string, entry: PolicyCacheEntry): Buffer {
  const payload = serialize({ key, diagnostics: entry.diagnostics, set: entry.set });
  return Buffer.concat([Buffer.from(`${format} ${key} ${sha256(payload)}\n`), payload]);
}

/** The entry in `bytes` if it is whole and is the one for `key`; undefined for anything else. */
export function decodeEntry(key: string, bytes: Buffer): PolicyCacheEntry | undefined {
  const newline = bytes.indexOf(0x0a);
  if (newline < 0 || newline > 300) return undefined;
  const [magic, version, entryKey, payloadHash, ...rest] = bytes.subarray(0, newline).toString("latin1").split(" ");
  if (`${magic} ${version}` !== format || entryKey !== key || rest.length > 0) return undefined;
  const payload = bytes.subarray(newline + 1);
  if (sha256(payload) !== payloadHash) return undefined;
  try {
    const value = deserialize(payload) as { key?: unknown; diagnostics?: unknown; set?: unknown };
    if (value === null || typeof value !== "object" || value.key !== key) return undefined;
    if (!isDiagnosticList(value.diagnostics) || !isPolicySetData(value.set)) return undefined;
    return { diagnostics: value.diagnostics, set: value.set };
  } catch {
    return undefined;
  }
}

function isDiagnosticList(value: unknown): value is Diagnostic[] {
  return (
    Array.isArray(value) &&
    value.every((d) => d !== null && typeof d === "object" && typeof d.code === "string" && typeof d.message === "string")
  );
}

function isPolicySetData(value: unknown): value is PolicySetData {
  const policies = (value as { policies?: unknown } | null)?.policies;
  return (
    Array.isArray(policies) &&
    policies.every(
      (p) =>
        typeof p?.file === "string" &&
        typeof p.text === "string" &&
        p.document !== null &&
        typeof p.document === "object" &&
        typeof p.document.kind === "string",
    )
  );
}

export function readPolicyCache(cache: PolicyCache, key: string): PolicyCacheEntry | undefined {
  const bytes = readCacheEntry(cache.folder, entryName(key), maxEntryBytes);
  return bytes && decodeEntry(key, bytes);
}

export function writePolicyCache(cache: PolicyCache, key: string, entry: PolicyCacheEntry): void {
  writeCacheEntry(cache.folder, entryName(key), encodeEntry(key, entry));
  pruneCacheEntries(cache.folder, "policies-", entriesKept);
}
