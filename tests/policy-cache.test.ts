/**
 * The cache of validated policy sets (src/api/policy-cache.ts): a warm answer is the cold one, anything that
 * changes the answer misses, and a cache file that is not exactly ours is ignored, never trusted, never fatal.
 */
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { readPolicyFiles, validatePolicies, type Diagnostic, type PolicyFile } from "../src/index.js";
import { loadPolicyDirectory, policyDirectoryDiagnostics } from "../src/api/cached-validation.js";
import { decodeEntry, encodeEntry, policyCacheKey, readPolicyCache, writePolicyCache, type PolicyCache } from "../src/api/policy-cache.js";
import { validatePolicyFiles } from "../src/api/validate-policy-directory.js";
import { cacheFolder } from "../src/write/cache-folder.js";
import { policySetData } from "../src/load/policy-set-data.js";
import { bundledPolicies, makeTempDir, repoRoot } from "./helpers/policy-fixtures.js";

const buildId = "a".repeat(64);
const newCache = (id = buildId): PolicyCache => ({ folder: makeTempDir("leadrules-cache-"), buildId: id });
const entries = (cache: PolicyCache) => readdirSync(cache.folder).filter((f) => f.endsWith(".bin"));
const entryFile = (cache: PolicyCache, files: readonly PolicyFile[], scope: "all" | "errors" = "all") =>
  path.join(cache.folder, `policies-${policyCacheKey(cache.buildId, scope, files)}.bin`);

/**
 * The bundled policies but the nurture programs, in a folder of their own: the cache does not depend on the
 * kinds, and the nurture analysis would add seconds to each of the many cold validations here.
 */
const bundledDir = makeTempDir("leadrules-cache-policies-");
cpSync(bundledPolicies, bundledDir, { recursive: true });
rmSync(path.join(bundledDir, "nurture-programs.yaml"));
rmSync(path.join(bundledDir, "tests", "nurture.test.yaml"));
const bundled = readPolicyFiles(bundledDir);

/** The bundled set with a defect fixture's edits (tests/fixtures/defects/). */
function withDefect(name: string): PolicyFile[] {
  const fixture = parse(readFileSync(path.join(repoRoot, "tests/fixtures/defects", `${name}.yaml`), "utf8")) as {
    edits: { file: string; find: string; replace: string }[];
  };
  return bundled.map((f) => {
    let text = f.text;
    for (const edit of fixture.edits.filter((e) => `policies/${e.file}` === f.file || f.file.endsWith(`/${e.file}`))) {
      if (!text.includes(edit.find)) throw new Error(`${name}: ${f.file} has no ${edit.find}`);
      text = text.replace(edit.find, edit.replace);
    }
    return { file: f.file, text };
  });
}

// A set with errors and warnings, one with warnings only, one whose errors stop the analysis.
const defective = {
  "contradiction-integer-gap": withDefect("contradiction-integer-gap"),
  "approval-missing": withDefect("approval-missing"),
  "schema error": bundled.map((f) => (f.file.endsWith("routing.yaml") ? { ...f, text: f.text.replace("rules:", "rulez:") } : f)),
};

describe("a warm answer is the cold answer", () => {
  it.each([["bundled", bundled] as const, ...Object.entries(defective)])("%s", async (_name, files) => {
    for (const scope of ["all", "errors"] as const) {
      const cache = newCache();
      const uncached = validatePolicies(files, { decisionLogic: scope });
      const cold = validatePolicyFiles(files, { decisionLogic: scope, cache });
      expect(entries(cache)).toHaveLength(1);
      const warm = validatePolicyFiles(files, { decisionLogic: scope, cache });
      expect(cold.diagnostics).toStrictEqual(uncached.diagnostics);
      expect(warm.diagnostics).toStrictEqual(cold.diagnostics);
      // The set revived from the entry: the same documents, and source maps that point where the parsed ones do.
      const plain = (r: typeof cold) => r.set.policies.map(({ file, text, document }) => ({ file, text, document }));
      expect(plain(warm)).toStrictEqual(plain(cold));
      expect(Object.keys(warm.set.byKind)).toStrictEqual(Object.keys(cold.set.byKind));
      for (const [i, policy] of warm.set.policies.entries())
        for (const pointer of ["/kind", "/spec", "/metadata/name"])
          expect(policy.sourceMap.locate(pointer)).toStrictEqual(cold.set.policies[i]!.sourceMap.locate(pointer));
      expect(readPolicyCache(cache, policyCacheKey(buildId, scope, files))?.diagnostics).toStrictEqual(cold.diagnostics);
    }
  });

  it("validate's diagnostics are read from the cache without validating", async () => {
    const cache = newCache();
    const { diagnostics } = await policyDirectoryDiagnostics(bundledDir, { cache });
    const validated = validatePolicies(bundled);
    expect(diagnostics).toStrictEqual(validated.diagnostics);
    // Proof that the second call reads the entry: a planted entry under the right key is what it answers (with
    // the real set, which the bundled test suites are checked against: they have no problems of their own).
    const planted: Diagnostic[] = [{ code: "logic/undecided", severity: "info", message: "planted in the cache" }];
    writePolicyCache(cache, policyCacheKey(buildId, "all", bundled), { diagnostics: planted, set: policySetData(validated.set) });
    expect((await policyDirectoryDiagnostics(bundledDir, { cache })).diagnostics).toStrictEqual(planted);
  });
});

describe("the CLI's lazy validation", () => {
  it("answers as the validator does, cold and warm", async () => {
    const cache = newCache();
    const plain = (r: { set: { policies: { file: string; text: string; document: unknown }[] } }) =>
      r.set.policies.map(({ file, text, document }) => ({ file, text, document }));
    const direct = validatePolicies(bundled, { decisionLogic: "errors" });
    for (const run of ["cold", "warm"]) {
      const loaded = await loadPolicyDirectory(bundledDir, { decisionLogic: "errors", cache });
      expect(loaded.diagnostics, run).toStrictEqual(direct.diagnostics);
      expect(plain(loaded), run).toStrictEqual(plain(direct));
      expect(entries(cache)).toHaveLength(1);
    }
  });
});

describe("what misses", () => {
  it("a changed policy text, a renamed file, another scope or another build", () => {
    const cache = newCache();
    validatePolicyFiles(bundled, { cache });
    const key = policyCacheKey(buildId, "all", bundled);
    const changed = bundled.map((f, i) => (i === 0 ? { ...f, text: `${f.text}\n# a comment\n` } : f));
    const sameLength = bundled.map((f, i) => (i === 0 ? { ...f, text: `${f.text.slice(0, -2)}#\n` } : f));
    const renamed = bundled.map((f, i) => (i === 0 ? { ...f, file: `${f.file}.yaml` } : f));
    for (const other of [
      policyCacheKey(buildId, "all", changed),
      policyCacheKey(buildId, "all", sameLength),
      policyCacheKey(buildId, "all", renamed),
      policyCacheKey(buildId, "errors", bundled),
      policyCacheKey("b".repeat(64), "all", bundled),
    ]) {
      expect(other).not.toBe(key);
      expect(readPolicyCache(cache, other)).toBeUndefined();
    }
    // The same folder under another build: nothing of the first build is read, a second entry is written.
    validatePolicyFiles(bundled, { cache: { ...cache, buildId: "b".repeat(64) } });
    expect(entries(cache)).toHaveLength(2);
  });

  it("a changed text is validated anew, not answered from the old entry", () => {
    const cache = newCache();
    validatePolicyFiles(bundled, { cache });
    const files = defective["contradiction-integer-gap"];
    expect(validatePolicyFiles(files, { cache }).diagnostics).toStrictEqual(validatePolicies(files).diagnostics);
    // One character changed, the length kept: the MQL threshold's fit minimum 30 -> 31.
    const sameLength = bundled.map((f) =>
      f.file.endsWith("scoring-model.yaml") ? { ...f, text: f.text.replace("total: 100, fit: 30 }", "total: 100, fit: 31 }") } : f,
    );
    expect(sameLength.map((f) => f.text.length)).toStrictEqual(bundled.map((f) => f.text.length));
    const answered = validatePolicyFiles(sameLength, { cache });
    expect(JSON.stringify(answered.set.byKind.ScoringModel?.document)).toContain('"fit":31');
    expect(answered.diagnostics).toStrictEqual(validatePolicies(sameLength).diagnostics);
  });
});

describe("a cache file that is not exactly the entry is ignored", () => {
  const good = (cache: PolicyCache) => readFileSync(entryFile(cache, bundled));
  const spoilers: Record<string, (bytes: Buffer, cache: PolicyCache) => Buffer> = {
    garbage: () => Buffer.from("not a cache entry at all"),
    empty: () => Buffer.alloc(0),
    truncated: (bytes) => bytes.subarray(0, bytes.length - 100),
    "a byte flipped in the payload": (bytes) => {
      const copy = Buffer.from(bytes);
      copy[copy.length - 50]! ^= 0x20;
      return copy;
    },
    // Still a well-formed payload, only the hash can tell: a letter of a policy's text changed.
    "a letter changed in the payload": (bytes) => {
      const copy = Buffer.from(bytes);
      copy[copy.lastIndexOf("DataDictionary")] = "E".charCodeAt(0);
      return copy;
    },
    "another set's entry under this name": (_bytes) =>
      encodeEntry(policyCacheKey(buildId, "all", defective["approval-missing"]), { diagnostics: [], set: { policies: [] } }),
    "an older format": (bytes) =>
      Buffer.from(bytes.toString("latin1").replace(/^leadrules-policy-cache \d+ /, "leadrules-policy-cache 0 "), "latin1"),
  };
  it.each(Object.keys(spoilers))("%s", (name) => {
    const cache = newCache();
    const cold = validatePolicyFiles(bundled, { cache });
    writeFileSync(entryFile(cache, bundled), spoilers[name]!(good(cache), cache));
    expect(readPolicyCache(cache, policyCacheKey(buildId, "all", bundled))).toBeUndefined();
    expect(validatePolicyFiles(bundled, { cache }).diagnostics).toStrictEqual(cold.diagnostics);
    // Recomputed and written again.
    expect(readPolicyCache(cache, policyCacheKey(buildId, "all", bundled))?.diagnostics).toStrictEqual(cold.diagnostics);
  });

  it("a payload that decodes but is not diagnostics", () => {
    const key = policyCacheKey(buildId, "all", bundled);
    const entry = encodeEntry(key, { diagnostics: [{ nope: 1 }] as never, set: { policies: [] } });
    expect(decodeEntry(key, entry)).toBeUndefined();
  });

  it("a link at the entry's name is not followed, and is replaced, not written through", () => {
    const cache = newCache();
    const outside = path.join(makeTempDir(), "outside.bin");
    // A valid entry for these very files, outside the cache folder: following the link would read it.
    writeFileSync(outside, encodeEntry(policyCacheKey(buildId, "all", bundled), { diagnostics: [], set: { policies: [] } }));
    const before = readFileSync(outside);
    symlinkSync(outside, entryFile(cache, bundled));
    expect(readPolicyCache(cache, policyCacheKey(buildId, "all", bundled))).toBeUndefined();
    validatePolicyFiles(bundled, { cache });
    expect(readFileSync(outside)).toStrictEqual(before);
    expect(lstatSync(entryFile(cache, bundled)).isFile()).toBe(true);
  });

  it("an unwritable cache folder is skipped without a word", () => {
    const notAFolder = path.join(makeTempDir(), "a-file");
    writeFileSync(notAFolder, "");
    const cache = { folder: notAFolder, buildId };
    expect(validatePolicyFiles(bundled, { cache }).diagnostics).toStrictEqual(validatePolicies(bundled).diagnostics);
  });
});

describe("old entries", () => {
  it("only the 32 most recently written are kept; other files are left alone", () => {
    const cache = newCache();
    writeFileSync(path.join(cache.folder, "not-an-entry"), "");
    const entry = { diagnostics: [], set: { policies: [] } };
    const keys = Array.from({ length: 40 }, (_, i) => policyCacheKey(buildId, "all", [{ file: `f${i}.yaml`, text: "" }]));
    for (const [i, key] of keys.entries()) {
      writePolicyCache(cache, key, entry);
      // Written in order, a second apart, so the newest are told apart whatever the file system's clock.
      utimesSync(path.join(cache.folder, `policies-${key}.bin`), 1_000_000 + i, 1_000_000 + i);
    }
    expect(entries(cache)).toHaveLength(32);
    expect(readPolicyCache(cache, keys[39]!)).toBeDefined();
    expect(readPolicyCache(cache, keys[0]!)).toBeUndefined();
    expect(existsSync(path.join(cache.folder, "not-an-entry"))).toBe(true);
  });
});

describe("where the cache is", () => {
  it("LEADRULES_CACHE_DIR, else node_modules/.cache/leadrules, else a folder of the user's in the temporary folder; off is off", () => {
    const cwd = makeTempDir();
    const chosen = path.join(cwd, "chosen");
    expect(cacheFolder({ LEADRULES_CACHE_DIR: chosen }, cwd)).toBe(chosen);
    expect(cacheFolder({ LEADRULES_CACHE_DIR: chosen, LEADRULES_CACHE: "off" }, cwd)).toBeNull();
    const shared = cacheFolder({}, cwd)!;
    expect(path.basename(shared)).toMatch(/^leadrules-cache-/);
    if (process.getuid) expect(lstatSync(shared).mode & 0o077).toBe(0);
    mkdirSync(path.join(cwd, "node_modules"));
    expect(cacheFolder({}, cwd)).toBe(path.join(cwd, "node_modules", ".cache", "leadrules"));
    // A link where the folder should be is not used.
    const linked = path.join(cwd, "linked");
    symlinkSync(makeTempDir(), linked);
    expect(cacheFolder({ LEADRULES_CACHE_DIR: linked }, cwd)).toBeNull();
  });
});

// The built CLI: vitest runs the source, which has no build id and so no cache.
const bin = path.join(repoRoot, "bin/leadrules.js");
const builtCli = existsSync(path.join(repoRoot, "dist/build-id.json"));

describe.runIf(builtCli)("the built CLI", () => {
  const run = (args: string[], env: Record<string, string>) => {
    const { LEADRULES_CACHE: _off, LEADRULES_CACHE_DIR: _dir, ...rest } = process.env;
    const result = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", env: { ...rest, ...env } });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it("prints the same bytes and exit code warm as cold, in every format", () => {
    const folder = makeTempDir();
    for (const f of defective["contradiction-integer-gap"]) writeFileSync(path.join(folder, path.basename(f.file)), f.text);
    for (const policies of [bundledDir, folder]) {
      const dir = makeTempDir();
      const args = (format: string) => ["validate", "--policies", policies, "--format", format, "--verbose"];
      const cold = { text: run(args("text"), { LEADRULES_CACHE_DIR: dir }) } as Record<string, ReturnType<typeof run>>;
      expect(readdirSync(dir).filter((f) => f.endsWith(".bin"))).toHaveLength(1);
      for (const format of ["json", "github"]) cold[format] = run(["--no-cache", ...args(format)], { LEADRULES_CACHE_DIR: dir });
      for (const format of ["text", "json", "github"]) expect(run(args(format), { LEADRULES_CACHE_DIR: dir })).toStrictEqual(cold[format]);
      expect(cold.text!.status).toBe(policies === folder ? 1 : 0);
    }
  }, 300_000);

  it("--no-cache and LEADRULES_CACHE=off write nothing", () => {
    const dir = makeTempDir();
    run(["validate", "--no-cache"], { LEADRULES_CACHE_DIR: dir });
    run(["--no-cache", "validate"], { LEADRULES_CACHE_DIR: dir });
    run(["validate"], { LEADRULES_CACHE_DIR: dir, LEADRULES_CACHE: "off" });
    expect(readdirSync(dir)).toHaveLength(0);
  });
});
