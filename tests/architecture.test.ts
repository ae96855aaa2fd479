/**
 * The source tree is laid out as the pipeline: a folder imports only folders below it, and no
 * module imports one that imports it back. src/README.md lists the folders in the same order.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/** Bottom to top. `index.ts` is the library surface the CLI is a thin layer over. */
const layers = [
  "diagnostics",
  "model",
  "load",
  "validate",
  "compile",
  "sql",
  "analyse",
  "input",
  "simulate",
  "backtest",
  "verify",
  "policy-tests",
  "inspect",
  "audit",
  "sample",
  "render",
  "fused",
  "diff",
  "duckdb",
  "format",
  "parallel",
  "write",
  "api",
  "index.ts",
  "cli",
];

const src = path.resolve(__dirname, "../src");

function sourceFiles(directory = src): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** The relative imports of a module (static, dynamic and `export ... from`), as source files. */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
  return importedFiles
    .filter((i) => i.fileName.startsWith("."))
    .map((i) => path.resolve(path.dirname(file), i.fileName).replace(/\.js$/, ".ts"));
}

const layerOf = (file: string) => path.relative(src, file).split(path.sep)[0]!;
const shown = (file: string) => path.relative(src, file).split(path.sep).join("/");

type ImportGraph = Map<string, string[]>;

function upwardImports(graph: ImportGraph): string[] {
  return [...graph].flatMap(([file, imports]) =>
    imports
      .filter((target) => layers.indexOf(layerOf(target)) > layers.indexOf(layerOf(file)))
      .map((target) => `${shown(file)} -> ${shown(target)}`),
  );
}

function cyclesOf(graph: ImportGraph): string[] {
  const cycles: string[] = [];
  const state = new Map<string, "open" | "done">();
  const visit = (file: string, trail: string[]) => {
    if (state.get(file) === "done") return;
    if (state.get(file) === "open") {
      cycles.push([...trail.slice(trail.indexOf(file)), file].map(shown).join(" -> "));
      return;
    }
    state.set(file, "open");
    for (const target of graph.get(file) ?? []) visit(target, [...trail, file]);
    state.set(file, "done");
  };
  for (const file of graph.keys()) visit(file, []);
  return cycles;
}

describe("the import rule", () => {
  const graph: ImportGraph = new Map(sourceFiles().map((file) => [file, importsOf(file)]));

  it("knows every folder of src/", () => {
    expect([...new Set([...graph.keys()].map(layerOf))].sort()).toEqual([...layers].sort());
  });

  it("has each folder import only folders below it", () => {
    expect(upwardImports(graph)).toEqual([]);
  });

  it("has no module importing itself back through others", () => {
    expect(cyclesOf(graph)).toEqual([]);
  });

  it("finds an upward import and a cycle when there is one (the checks can fail)", () => {
    const [model, simulate] = [path.join(src, "model/a.ts"), path.join(src, "simulate/b.ts")];
    expect(upwardImports(new Map([[model, [simulate]]]))).toEqual(["model/a.ts -> simulate/b.ts"]);
    expect(
      cyclesOf(
        new Map([
          [model, [simulate]],
          [simulate, [model]],
        ]),
      ),
    ).toEqual(["model/a.ts -> simulate/b.ts -> model/a.ts"]);
  });

  it("is the order src/README.md describes", () => {
    const readme = readFileSync(path.join(src, "README.md"), "utf8");
    const listed = [...readme.matchAll(/^\| [^|]+ \| `([\w-]+(?:\/|\.ts))` \|/gm)].map((m) => m[1]!.replace(/\/$/, ""));
    expect(listed).toEqual(layers);
  });
});
