/**
 * `leadrules init`: the scaffold validates, tests, documents and owns itself as written; it only creates
 * files; every value put in is escaped for its file. The package test (tests/package.test.ts) runs the same
 * from an installed tarball.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initRepository } from "../src/api/init-repository.js";
import { validatePolicyDirectory } from "../src/api/validate-policy-directory.js";
import { UsageError } from "../src/diagnostics/index.js";
import { editorSchemas } from "../src/render/editor-schemas.js";
import { renderScaffold } from "../src/render/scaffold.js";
import { shippedSchemas } from "../src/validate/schemas.js";
import { parse } from "yaml";

const cli = path.resolve("bin/leadrules.js");
const scratch = mkdtempSync(path.join(tmpdir(), "leadrules-init-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const run = (cwd: string, ...args: string[]) => {
  try {
    return { code: 0, out: execFileSync(process.execPath, [cli, ...args], { cwd, encoding: "utf8", stdio: "pipe" }) };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, out: e.stdout + e.stderr };
  }
};

describe("a scaffold for another company", () => {
  const root = path.join(scratch, "acme");
  beforeAll(async () => {
    await initRepository({ directory: root, company: "Acme Data", org: "acme-data" });
  });

  it("validates with no error or warning, and its tests pass", () => {
    const { diagnostics } = validatePolicyDirectory(path.join(root, "policies"));
    expect(diagnostics.filter((d) => d.severity !== "info")).toStrictEqual([]);
    const tested = run(root, "test", "--coverage");
    expect(tested.out).toMatch(/5 passed, 0 failed/);
    expect(tested.code).toBe(0);
  });

  it("has its Data Definitions and CODEOWNERS as the commands make them, with the company's teams", () => {
    expect(run(root, "docs", "--check").code).toBe(0);
    execFileSync("git", ["init", "-q", "."], { cwd: root });
    execFileSync("git", ["add", "-A"], { cwd: root });
    expect(run(root, "owners", "--check")).toMatchObject({ code: 0 });
    const codeowners = readFileSync(path.join(root, ".github/CODEOWNERS"), "utf8");
    expect(codeowners).toContain("\n* @acme-data/it\n");
    expect(codeowners).toContain("\n/policies/retention-schedule.yaml @acme-data/legal\n");
    expect(codeowners).not.toContain("northwind");
  });

  it("simulates its sample leads", () => {
    const simulated = run(root, "simulate", "--leads", "policies/samples/leads.csv", "--as-of", "2026-06-01T12:00:00Z");
    expect(simulated.code).toBe(0);
    expect(simulated.out).toMatch(/leads: +200 simulated/);
  });

  it("points every modeline and the editor settings at a schema the package builds", () => {
    const built = editorSchemas(shippedSchemas());
    const policyFiles = readdirSync(path.join(root, "policies")).filter((f) => f.endsWith(".yaml"));
    expect(policyFiles).toHaveLength(7);
    for (const file of [...policyFiles.map((f) => `policies/${f}`), "policies/tests/policies.test.yaml"]) {
      const modeline = readFileSync(path.join(root, file), "utf8").split("\n")[0]!;
      const target = /\$schema=(\S+)$/.exec(modeline)?.[1];
      expect(target, file).toMatch(/node_modules\/leadrules\/dist\/schemas\/[a-z-]+\.schema\.json$/);
      const resolved = path.relative(root, path.join(root, path.dirname(file), target!));
      expect(built.has(path.basename(resolved)), file).toBe(true);
      expect(resolved.startsWith("node_modules/leadrules/dist/schemas/"), file).toBe(true);
    }
    const settings = JSON.parse(readFileSync(path.join(root, ".vscode/settings.json"), "utf8"));
    for (const schema of Object.keys(settings["yaml.schemas"])) expect(built.has(path.basename(schema))).toBe(true);
  });
});

describe("init only creates", () => {
  it("refuses a folder that has any file it would write, and writes nothing", async () => {
    const root = path.join(scratch, "taken");
    mkdirSync(path.join(root, "policies"), { recursive: true });
    writeFileSync(path.join(root, "policies/routing.yaml"), "mine\n");
    await expect(initRepository({ directory: root, company: "Acme", org: "acme" })).rejects.toThrow(
      /already has policies\/routing\.yaml; init only creates files/,
    );
    expect(readdirSync(root)).toStrictEqual(["policies"]);
    expect(readFileSync(path.join(root, "policies/routing.yaml"), "utf8")).toBe("mine\n");
  });

  it("refuses a file or a link where the folder should be, as a usage error", async () => {
    const file = path.join(scratch, "a-file");
    writeFileSync(file, "x\n");
    await expect(initRepository({ directory: file, company: "Acme", org: "acme" })).rejects.toThrow(/a-file is a file, not a folder/);
    await expect(initRepository({ directory: file, company: "Acme", org: "acme" })).rejects.toBeInstanceOf(UsageError);
    expect(readFileSync(file, "utf8")).toBe("x\n");
  });

  it("says what to do next in lines that paste into a shell as they are", async () => {
    const root = path.join(scratch, "it's a folder");
    const { code, out } = run(scratch, "init", root, "--company", "Acme", "--org", "acme");
    expect(code).toBe(0);
    expect(out).toContain(`\n  cd '${scratch}/it'\\''s a folder'\n  npm install\n  npx leadrules validate && npx leadrules test\n`);
  });

  it("keeps a package.json that is there (npm init, npm install leadrules come first)", async () => {
    const root = path.join(scratch, "npm-first");
    mkdirSync(root);
    writeFileSync(path.join(root, "package.json"), '{"name":"mine"}\n');
    const { kept, written } = await initRepository({ directory: root, company: "Acme", org: "acme" });
    expect(kept).toStrictEqual(["package.json"]);
    expect(written).not.toContain("package.json");
    expect(readFileSync(path.join(root, "package.json"), "utf8")).toBe('{"name":"mine"}\n');
  });

  it("never writes through a link out of the folder", async () => {
    const root = path.join(scratch, "linked");
    const outside = path.join(scratch, "outside");
    mkdirSync(root);
    mkdirSync(outside);
    symlinkSync(outside, path.join(root, ".vscode"));
    await expect(initRepository({ directory: root, company: "Acme", org: "acme" })).rejects.toThrow(/already has \.vscode/);
    expect(readdirSync(outside)).toStrictEqual([]);
  });

  it("refuses an organization that is no GitHub login and a name that is not one line, as usage errors", () => {
    for (const org of ["acme/it", "-acme", "acme--it", "a b", "@acme", "x".repeat(40), ""])
      expect(() => renderScaffold({ company: "Acme", org, version: "1.0.0" }), org).toThrow(UsageError);
    for (const company of ["", "  ", "Acme\nInc", "Acme\u0007", "x".repeat(101)])
      expect(() => renderScaffold({ company, org: "acme", version: "1.0.0" }), company).toThrow(UsageError);
  });
});

describe("values in the scaffold are escaped for their file", () => {
  const company = 'Acme <script>alert(1)</script> & *Co* "[x](javascript:y)" \\ `z`';
  const files = renderScaffold({ company, org: "acme", version: "1.2.3" });

  it("in package.json, a JSON string that reads back as written", () => {
    const pkg = JSON.parse(files.get("package.json")!);
    expect(pkg.description.startsWith(company)).toBe(true);
    expect(pkg.devDependencies.leadrules).toBe("^1.2.3");
  });

  it("in the README, Markdown that shows the name as text: no tag, link, emphasis or code", () => {
    const readme = files.get("README.md")!;
    expect(readme).not.toContain("<script>");
    expect(readme).not.toContain("*Co*");
    expect(readme).not.toContain("[x](javascript:y)");
    expect(readme).toContain("@acme/<owner>");
  });

  it("nowhere else: the YAML, CODEOWNERS and workflow files hold no company name", () => {
    for (const [file, text] of files) {
      if (file.endsWith(".md") || file.endsWith(".json")) continue;
      expect(text, file).not.toContain("Acme");
      if (file.endsWith(".yaml") || file.endsWith(".yml")) expect(() => parse(text), file).not.toThrow();
    }
  });
});

describe("the schemas for editors", () => {
  const built = editorSchemas(shippedSchemas());

  it("each stands alone (no reference out of the file) and accepts and refuses what the validator does", () => {
    for (const [file, text] of built) {
      expect(text, file).not.toMatch(/"\$ref": "(?!#)/);
      const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
      const validate = ajv.compile(JSON.parse(text));
      if (file === "scoring-model.schema.json") {
        const policy = parse(readFileSync("policies/scoring-model.yaml", "utf8"));
        expect(validate(policy), JSON.stringify(validate.errors)).toBe(true);
        expect(validate({ ...policy, spec: { ...policy.spec, dimensions: "none" } })).toBe(false);
      }
    }
    expect([...built.keys()]).toHaveLength(9);
  });

  it("show every description as Markdown on hover, and leave data (examples, enums) alone", () => {
    const scoring = JSON.parse(built.get("scoring-model.schema.json")!);
    expect(scoring.$id).toBe("https://leadrules.dev/schemas/v1/scoring-model.schema.json");
    const walk = (node: unknown, under: string): void => {
      if (Array.isArray(node)) {
        for (const n of node) walk(n, under);
        return;
      }
      if (node === null || typeof node !== "object") return;
      const object = node as Record<string, unknown>;
      if (typeof object.description === "string" && under !== "properties") expect(object.markdownDescription).toBe(object.description);
      for (const [k, v] of Object.entries(object)) if (!["examples", "enum", "const", "default"].includes(k)) walk(v, k);
    };
    walk(scoring, "");
    expect(JSON.stringify(scoring)).toContain("markdownDescription");
  });

  it("are what the package ships in dist/schemas (the build writes them)", () => {
    for (const [file, text] of built)
      expect(existsSync(`dist/schemas/${file}`) && readFileSync(`dist/schemas/${file}`, "utf8"), file).toBe(text);
  });
});
