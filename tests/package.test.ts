/**
 * The published package, as another company gets it: `npm pack`, installed from the tarball in a folder
 * outside the repository, `npx leadrules init` there, then `validate`, `test`, `docs --check` and `simulate`
 * on the scaffold. npm installs the dependencies from its cache (`npm ci` filled it), or the registry.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repository = path.resolve(".");
const scratch = mkdtempSync(path.join(tmpdir(), "leadrules-package-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const npm = (cwd: string, ...args: string[]) =>
  execFileSync("npm", args, { cwd, encoding: "utf8", stdio: "pipe", env: { ...process.env, npm_config_update_notifier: "false" } });
const npx = (cwd: string, ...args: string[]) => {
  try {
    return { code: 0, out: npm(cwd, "exec", "--no", "--", "leadrules", ...args) };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, out: `${e.stdout}${e.stderr}` };
  }
};

describe("npm pack, install and init in another company's folder", () => {
  const company = path.join(scratch, "acme-policies");
  let files: string[] = [];
  beforeAll(() => {
    // `npm test` built dist/ already; packing runs no script, so the tarball holds exactly that build.
    const packed = JSON.parse(npm(repository, "pack", "--ignore-scripts", "--json", "--pack-destination", scratch));
    files = packed[0].files.map((f: { path: string }) => f.path);
    npm(scratch, "init", "-y");
    execFileSync("mkdir", [company]);
    npm(company, "init", "-y");
    npm(company, "install", "--prefer-offline", "--no-audit", "--no-fund", path.join(scratch, packed[0].filename));
  }, 300_000);

  it("ships the CLI, the library with its types, the schemas, templates and docs, and no sources or tests", () => {
    for (const file of [
      "bin/leadrules.js",
      "dist/index.js",
      "dist/index.d.ts",
      "dist/schemas/scoring-model.schema.json",
      "schemas/common.schema.json",
      "LICENSE",
      "CHANGELOG.md",
      "README.md",
      "templates/init/policies/routing.yaml",
      "templates/init/gitignore",
      "docs/adopt.md",
    ])
      expect(files, file).toContain(file);
    expect(files.filter((f) => /^(src|tests|policies|generated)\//.test(f))).toStrictEqual([]);
  });

  it("runs init, then validate, test, docs --check and simulate on the scaffold, all green", () => {
    const init = npx(company, "init", "--company", "Acme Data", "--org", "acme-data");
    expect(init.out).toContain("kept your package.json");
    expect(init.code).toBe(0);
    expect(npx(company, "validate")).toMatchObject({ code: 0 });
    expect(npx(company, "test")).toMatchObject({ code: 0 });
    expect(npx(company, "docs", "--check")).toMatchObject({ code: 0 });
    const simulated = npx(company, "simulate", "--leads", "policies/samples/leads.csv");
    expect(simulated.out).toMatch(/leads: +200 simulated/);
    expect(simulated.code).toBe(0);
    // The editors' schemas the modelines name are in the installed package.
    expect(existsSync(path.join(company, "node_modules/leadrules/dist/schemas/nurture-program.schema.json"))).toBe(true);
  });

  it("is a library too: the package's exports give the API and its types", () => {
    const api = path.join(company, "api.mjs");
    execFileSync("sh", [
      "-c",
      `printf '%s' 'import { validatePolicyDirectory } from "leadrules"; console.log(typeof validatePolicyDirectory);' > ${JSON.stringify(api)}`,
    ]);
    expect(execFileSync(process.execPath, [api], { cwd: company, encoding: "utf8" }).trim()).toBe("function");
    const pkg = JSON.parse(readFileSync(path.join(company, "node_modules/leadrules/package.json"), "utf8"));
    expect(pkg.private).toBeUndefined();
    expect(pkg.license).toBe("MIT");
  });
});
