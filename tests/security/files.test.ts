/**
 * Issue #17, the filesystem boundary: what leadrules writes and what it reads.
 * Finding classes: destructive writes and symlink following (1), output files:
 * --out over an input, planted temporary files, interrupted runs (7), special
 * files read as policies or leads (9), and an unwritable or invalid --out
 * (the exit-code contract, 10).
 */
import { spawn, spawnSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../helpers/cli.js";
import { policyRepo } from "../helpers/git-repo.js";
import { corpusAsOf } from "../helpers/policies.js";
import { bundledPolicies, makeTempDir, policyFolder, repoRoot } from "../helpers/policy-fixtures.js";

const bin = path.join(repoRoot, "bin/leadrules.js");
const sampleLeads = path.join(bundledPolicies, "samples/leads.csv");
const manifest = ".leadrules-manifest.json";

/** The bundled sample 200 times over (60,000 leads, ids made unique) in `dir`: a run long enough to stop midway. */
function manyLeads(dir: string): string {
  const leads = path.join(dir, "many.csv");
  const [header, ...rows] = readFileSync(sampleLeads, "utf8").trimEnd().split("\n");
  const copies = Array.from({ length: 200 }, (_, copy) => rows.map((row) => row.replace(/^[^,]+/, (id) => `${id}-${copy}`)).join("\n"));
  writeFileSync(leads, `${header}\n${copies.join("\n")}\n`);
  return leads;
}

/**
 * `simulate --engine duckdb` on `manyLeads`, as a child process whose OS temporary folder, where the
 * database's folder is made, is the test's own: it sees only this run's.
 */
function simulateInDuckDb(format: string) {
  const dir = makeTempDir();
  const leads = manyLeads(dir);
  const temporary = path.join(dir, "tmp");
  mkdirSync(temporary);
  const child = spawn(
    process.execPath,
    [bin, "simulate", "--leads", leads, "--as-of", corpusAsOf, "--engine", "duckdb", "--format", format, "--quiet"],
    { cwd: repoRoot, stdio: "pipe", env: { ...process.env, TMPDIR: temporary } },
  );
  return { child, temporary };
}

/** A refusal is exit 2 with an `error:` line (and a hint), never a stack trace. */
function expectRefusal(run: CliRun, message: string | RegExp): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toMatch(typeof message === "string" ? new RegExp(`^error: .*${escapeRegExp(message)}`) : message);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stderr.split("\n").filter(Boolean).length).toBeLessThanOrEqual(2);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function folderWith(files: Record<string, string>): string {
  const dir = makeTempDir();
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

describe("1. compile --out and docs --out only replace or remove what leadrules wrote, never through a link", () => {
  it("refuses a folder holding files it did not write, and leaves them", async () => {
    const out = folderWith({ "notes.md": "mine\n", "src/app.ts": "code\n" });
    const run = await runCli(["compile", "--out", out]);
    expectRefusal(run, `refusing to write into ${out}: it holds notes.md`);
    expect(readdirSync(out).sort()).toEqual(["notes.md", "src"]);
    expect(readFileSync(path.join(out, "src/app.ts"), "utf8")).toBe("code\n");
  });

  it("refuses a repository root and a parent of the policies folder", async () => {
    const repo = folderWith({ ".git/HEAD": "ref: refs/heads/main\n" });
    expectRefusal(await runCli(["compile", "--out", repo]), "it is the root of a git repository");
    expectRefusal(await runCli(["docs", "--out", repo]), "it is the root of a git repository");
    expect(readdirSync(repo)).toEqual([".git"]);
    const parent = makeTempDir();
    const policies = path.join(parent, "policies");
    mkdirSync(policies);
    for (const name of readdirSync(bundledPolicies)) spawnSync("cp", ["-r", path.join(bundledPolicies, name), policies]);
    expectRefusal(await runCli(["compile", "--policies", policies, "--out", parent]), `it holds ${policies}`);
    expectRefusal(await runCli(["compile", "--policies", policies, "--out", policies]), `it holds ${policies}`);
    expect(existsSync(path.join(policies, "scoring-model.yaml"))).toBe(true);
  });

  it("`docs --out .` in a repository keeps the hand-written docs", async () => {
    const repo = folderWith({ "docs/guide.md": "# by hand\n", "README.md": "# project\n" });
    const run = await runCli(["docs", "--out", repo]);
    expectRefusal(run, "it holds guide.md");
    expect(readdirSync(path.join(repo, "docs"))).toEqual(["guide.md"]);
    expect(existsSync(path.join(repo, "site"))).toBe(false);
  });

  it("never deletes through a symbolic link inside the folder", async () => {
    const outside = folderWith({ "victim.rules.json": "precious\n" });
    const out = makeTempDir();
    expect((await runCli(["compile", "--out", out])).code).toBe(0);
    symlinkSync(outside, path.join(out, "linked"));
    symlinkSync(path.join(outside, "victim.rules.json"), path.join(out, "old.rules.json"));
    // Even a manifest that lists them (planted, or from a tampered folder) does not make links removable.
    if (existsSync(path.join(out, manifest))) {
      const listed = JSON.parse(readFileSync(path.join(out, manifest), "utf8"));
      listed.files.push("linked/victim.rules.json", "old.rules.json");
      writeFileSync(path.join(out, manifest), JSON.stringify(listed));
    }
    const run = await runCli(["compile", "--out", out]);
    expect(readFileSync(path.join(outside, "victim.rules.json"), "utf8")).toBe("precious\n");
    expectRefusal(run, "a symbolic link leadrules did not write");
  });

  it("prunes only files its manifest lists; docs and compile nest without touching each other's files", async () => {
    const out = makeTempDir();
    const rules = path.join(out, "rules");
    expect((await runCli(["compile", "--out", rules])).code).toBe(0);
    expect((await runCli(["docs", "--out", out])).code).toBe(0);
    expect((await runCli(["docs", "--out", out])).code).toBe(0);
    expect(readdirSync(rules)).toContain("scoring-model.rules.json");
    // A page an earlier version wrote, no longer produced: listed, so removed, with its empty folder.
    mkdirSync(path.join(out, "docs/old"));
    writeFileSync(path.join(out, "docs/old/page.md"), "# gone\n");
    const listed = JSON.parse(readFileSync(path.join(out, "docs", manifest), "utf8"));
    writeFileSync(path.join(out, "docs", manifest), JSON.stringify({ ...listed, files: [...listed.files, "old/page.md"] }));
    const rewrite = await runCli(["docs", "--out", out]);
    expect(rewrite.stdout).toContain("removed old/page.md");
    expect(existsSync(path.join(out, "docs/old"))).toBe(false);
    expect((await runCli(["compile", "--out", rules])).code).toBe(0);
    expectRefusal(await runCli(["compile", "--out", path.join(out, "docs")]), "it holds the output of `leadrules docs`");
    expect((await runCli(["docs", "--out", out, "--check"])).code).toBe(0);
    expect((await runCli(["compile", "--out", rules, "--check"])).code).toBe(0);
  });

  it("--check counts the manifest as part of the generated set", async () => {
    const out = makeTempDir();
    expect((await runCli(["compile", "--out", out])).code).toBe(0);
    spawnSync("rm", [path.join(out, manifest)]);
    const run = await runCli(["compile", "--out", out, "--check"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`missing: ${out}/${manifest}`);
  });
});

describe("7. output files: never over an input, temporary files exclusive and removed", () => {
  it("refuses --out equal to --leads or a policy file, also through a link", async () => {
    const dir = makeTempDir();
    const leads = path.join(dir, "leads.csv");
    writeFileSync(leads, readFileSync(sampleLeads));
    const before = readFileSync(leads, "utf8");
    expectRefusal(
      await runCli(["simulate", "--leads", leads, "--as-of", corpusAsOf, "--format", "csv", "--out", leads]),
      `--out ${leads} is the input ${leads}`,
    );
    symlinkSync(leads, path.join(dir, "link.csv"));
    expectRefusal(
      await runCli(["simulate", "--leads", leads, "--as-of", corpusAsOf, "--format", "csv", "--out", path.join(dir, "link.csv")]),
      "is the input",
    );
    expect(readFileSync(leads, "utf8")).toBe(before);
    const policies = policyFolder([], bundledPolicies);
    const routing = path.join(policies, "routing.yaml");
    const policy = readFileSync(routing, "utf8");
    expectRefusal(await runCli(["sample", "--policies", policies, "--out", path.join(policies, "routing.yaml")]), "is the input");
    expectRefusal(await runCli(["owners", "--policies", policies, "--out", routing]), "is the input");
    expect(readFileSync(routing, "utf8")).toBe(policy);
  });

  it("never opens a temporary file through a planted link", async () => {
    const dir = makeTempDir();
    const victim = path.join(dir, "victim.txt");
    writeFileSync(victim, "precious\n");
    const out = path.join(dir, "leads.csv");
    // The name the old writer used: predictable from the process id.
    symlinkSync(victim, path.join(dir, `.leads.csv.${process.pid}.tmp`));
    const run = await runCli(["sample", "--count", "5", "--out", out]);
    expect(run.code).toBe(0);
    expect(readFileSync(victim, "utf8")).toBe("precious\n");
    expect(readFileSync(out, "utf8")).toMatch(/^leadId,/);
  });

  it.each([
    ["SIGHUP", 129],
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("an interrupted simulate --out (%s) removes its temporary file and exits %i", async (signal, expected) => {
    const dir = makeTempDir();
    const leads = manyLeads(dir);
    const outDir = path.join(dir, "out");
    mkdirSync(outDir);
    const child = spawn(
      process.execPath,
      [
        bin,
        "simulate",
        "--leads",
        leads,
        "--as-of",
        corpusAsOf,
        "--format",
        "csv",
        "--workers",
        "1",
        "--quiet",
        "--out",
        path.join(outDir, "rows.csv"),
      ],
      { cwd: repoRoot, stdio: "pipe" },
    );
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const deadline = Date.now() + 30_000;
    while (readdirSync(outDir).length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(readdirSync(outDir)[0]).toMatch(/^\.rows\.csv\.[0-9a-f]+\.tmp$/);
    child.kill(signal);
    expect(await exited, stderr).toBe(expected);
    expect(readdirSync(outDir)).toEqual([]);
  });

  it("a reader closing the pipe early (| head) ends simulate --engine duckdb with exit 0 and its database's folder removed", async () => {
    const { child, temporary } = simulateInDuckDb("ndjson");
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    // The first rows arrive while the database is open (rows are read back from it): the reader stops there.
    child.stdout.once("data", () => child.stdout.destroy());
    expect(await exited).toBe(0);
    expect(readdirSync(temporary)).toEqual([]);
  });

  it("an interrupted simulate --engine duckdb removes the database's folder, with the leads staged in it", async () => {
    const { child, temporary } = simulateInDuckDb("csv");
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.stdout.resume();
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const deadline = Date.now() + 30_000;
    while (readdirSync(temporary).length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(readdirSync(temporary)[0]).toMatch(/^leadrules-duckdb-/);
    child.kill("SIGINT");
    expect(await exited, stderr).toBe(130);
    expect(readdirSync(temporary)).toEqual([]);
  });
});

describe("9. special files are refused, not followed, read or waited on", () => {
  const withPolicy = (make: (file: string) => void) => {
    const policies = policyFolder([], bundledPolicies);
    make(path.join(policies, "extra.yaml"));
    return policies;
  };

  it("a directory named like a policy file", async () => {
    const policies = withPolicy((file) => mkdirSync(file));
    expectRefusal(await runCli(["validate", "--policies", policies]), "extra.yaml: it is a folder, not a file");
  });

  it("a dangling link", async () => {
    const policies = withPolicy((file) => symlinkSync("/nonexistent/leadrules/x.yaml", file));
    expectRefusal(
      await runCli(["validate", "--policies", policies]),
      "extra.yaml: it is a symbolic link to /nonexistent/leadrules/x.yaml, which does not exist",
    );
  });

  it("links out of the policies folder: /proc/self/environ, /etc/passwd, /dev/zero", async () => {
    for (const target of ["/proc/self/environ", "/etc/passwd", "/dev/zero"]) {
      const policies = withPolicy((file) => symlinkSync(target, file));
      const run = await runCli(["validate", "--policies", policies, "--format", "github"]);
      expectRefusal(run, `extra.yaml: it is a symbolic link to ${target}, outside ${policies}`);
      expect(run.stdout + run.stderr).not.toContain("PATH=");
      expect(run.stdout + run.stderr).not.toContain("root:");
    }
    const tests = policyFolder([], bundledPolicies);
    symlinkSync("/etc/passwd", path.join(tests, "tests", "passwd.test.yaml"));
    expectRefusal(await runCli(["test", "--policies", tests]), "passwd.test.yaml: it is a symbolic link to /etc/passwd");
  });

  it("a policy file over the size limit, checked before it is read", async () => {
    const policies = withPolicy((file) => writeFileSync(file, `# ${"x".repeat(3 * 1024 * 1024)}\n`));
    expectRefusal(await runCli(["validate", "--policies", policies]), "extra.yaml: it is 3 MiB, over the limit of 2 MiB");
  });

  it("a lead file that is a kernel file (a link to /proc/self/environ)", async () => {
    const dir = makeTempDir();
    symlinkSync("/proc/self/environ", path.join(dir, "leads.csv"));
    const run = await runCli(["simulate", "--leads", path.join(dir, "leads.csv"), "--as-of", corpusAsOf, "--format", "csv"]);
    expectRefusal(run, "it is a kernel file (such as /proc), not a regular file");
    expect(run.stdout).not.toContain("PATH=");
  });

  it("diff's default corpus (<policies>/samples/leads.csv) linked out of the policies folder", async () => {
    const repo = policyRepo();
    const outside = folderWith({ "secrets.csv": readFileSync(sampleLeads, "utf8") });
    const corpus = path.join(repo.policies, "samples/leads.csv");
    rmSync(corpus);
    symlinkSync(path.join(outside, "secrets.csv"), corpus);
    const run = await runCli(["diff", "--policies", repo.policies, "--base", "main", "--format", "text", "--quiet"]);
    expectRefusal(run, `leads.csv: it is a symbolic link to ${path.join(outside, "secrets.csv")}, outside ${repo.policies}`);
  });

  it("a FIFO named like a policy file is refused at once, not waited on (the real process)", () => {
    const policies = withPolicy((file) => spawnSync("mkfifo", [file]));
    const run = spawnSync(process.execPath, [bin, "validate", "--policies", policies], { encoding: "utf8", timeout: 20_000 });
    expect(run.signal).toBeNull();
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("extra.yaml: it is a named pipe (FIFO), not a regular file");
  });
});

describe("10. an unwritable or invalid --out exits 2 with one line", () => {
  it.each([
    ["a folder", (dir: string) => dir, "it is a folder"],
    ["a path under a file", (dir: string) => path.join(dir, "file.txt", "rows.csv"), "a part of the path is a file, not a folder"],
    ["a folder that cannot be created", () => "/proc/leadrules-no/rows.csv", "cannot write /proc/leadrules-no/rows.csv"],
  ])("simulate --out %s", async (_, out, message) => {
    const dir = folderWith({ "file.txt": "x\n" });
    const run = await runCli(["simulate", "--leads", sampleLeads, "--as-of", corpusAsOf, "--format", "csv", "--out", out(dir)]);
    expectRefusal(run, message);
  });

  it("sample, owners, compile and docs --out under a file", async () => {
    const dir = folderWith({ "file.txt": "x\n" });
    const under = path.join(dir, "file.txt", "x");
    expectRefusal(await runCli(["sample", "--out", `${under}.csv`]), "a part of the path is a file, not a folder");
    expectRefusal(await runCli(["owners", "--out", under]), "a part of the path is a file, not a folder");
    expectRefusal(await runCli(["compile", "--out", under]), "a part of the path is a file, not a folder");
    expectRefusal(await runCli(["docs", "--out", under]), "a part of the path is a file, not a folder");
  });
});

describe("an existing --out that is not a regular file is refused, not replaced by the rename", () => {
  /** Each command with a single --out file, run on `out`. */
  const commands = (out: string): string[][] => [
    ["simulate", "--leads", sampleLeads, "--as-of", corpusAsOf, "--format", "csv", "--out", out],
    ["sample", "--count", "5", "--out", out],
    ["owners", "--out", out],
  ];

  it("a FIFO", async () => {
    const dir = makeTempDir();
    const fifo = path.join(dir, "rows.csv");
    spawnSync("mkfifo", [fifo]);
    for (const args of commands(fifo))
      expectRefusal(await runCli(args), `refusing to write ${fifo}: it is a named pipe (FIFO), not a regular file`);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(["rows.csv"]);
  });

  it("a symbolic link, to a file or to /proc/self/fd/1", async () => {
    const dir = folderWith({ "victim.csv": "precious\n" });
    for (const target of [path.join(dir, "victim.csv"), "/proc/self/fd/1"]) {
      const link = path.join(dir, "out.csv");
      rmSync(link, { force: true });
      symlinkSync(target, link);
      for (const args of commands(link))
        expectRefusal(await runCli(args), `refusing to write ${link}: it is a symbolic link, not a regular file`);
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
    }
    expect(readFileSync(path.join(dir, "victim.csv"), "utf8")).toBe("precious\n");
  });

  it("diff --out a FIFO is refused before the comparison", async () => {
    const repo = policyRepo();
    const fifo = path.join(makeTempDir(), "report.md");
    spawnSync("mkfifo", [fifo]);
    expectRefusal(
      await runCli(["diff", "--policies", repo.policies, "--base", "main", "--quiet", "--out", fifo]),
      "it is a named pipe (FIFO), not a regular file",
    );
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  // A character device only where one can be made safely: as root, in a temporary folder, never in /dev.
  const root = process.getuid?.() === 0;
  it.runIf(root)("a character device (a null device made with mknod in a temporary folder)", async () => {
    const dir = makeTempDir();
    const device = path.join(dir, "null");
    expect(spawnSync("mknod", [device, "c", "1", "3"]).status).toBe(0);
    for (const args of commands(device))
      expectRefusal(await runCli(args), `refusing to write ${device}: it is a device, not a regular file`);
    expect(lstatSync(device).isCharacterDevice()).toBe(true);
  });
});

describe("--out never writes inside a .git folder or the policies folder, and is never empty", () => {
  it("simulate --out .git/HEAD, directly or through a link to .git, leaves the repository intact", async () => {
    const repo = folderWith({ ".git/HEAD": "ref: refs/heads/main\n" });
    const head = path.join(repo, ".git/HEAD");
    const simulate = (out: string) => runCli(["simulate", "--leads", sampleLeads, "--as-of", corpusAsOf, "--format", "csv", "--out", out]);
    expectRefusal(await simulate(head), `refusing to write ${head}: it is inside a .git folder`);
    expectRefusal(await simulate(path.join(repo, ".git/new.csv")), "it is inside a .git folder");
    symlinkSync(path.join(repo, ".git"), path.join(repo, "meta"));
    expectRefusal(await simulate(path.join(repo, "meta/HEAD")), "it is inside a .git folder");
    expectRefusal(await runCli(["sample", "--count", "5", "--out", path.join(repo, ".git/config")]), "it is inside a .git folder");
    expectRefusal(await runCli(["compile", "--out", path.join(repo, ".git/rules")]), "it is inside a .git folder");
    expect(readFileSync(head, "utf8")).toBe("ref: refs/heads/main\n");
    expect(readdirSync(path.join(repo, ".git"))).toEqual(["HEAD"]);
  });

  it("sample --out over a hand-written test is refused; <policies>/samples/ is where samples go", async () => {
    const policies = policyFolder([], bundledPolicies);
    const routingTest = path.join(policies, "tests/routing.test.yaml");
    const before = readFileSync(routingTest, "utf8");
    expectRefusal(
      await runCli(["sample", "--policies", policies, "--count", "5", "--out", routingTest]),
      `refusing to write ${routingTest}: it is inside the policies folder ${policies}`,
    );
    expect(readFileSync(routingTest, "utf8")).toBe(before);
    expectRefusal(
      await runCli([
        "simulate",
        "--policies",
        policies,
        "--leads",
        sampleLeads,
        "--as-of",
        corpusAsOf,
        "--format",
        "csv",
        "--out",
        path.join(policies, "rows.csv"),
      ]),
      "it is inside the policies folder",
    );
    expectRefusal(
      await runCli(["owners", "--policies", policies, "--out", path.join(policies, "CODEOWNERS")]),
      "it is inside the policies folder",
    );
    expectRefusal(await runCli(["compile", "--policies", policies, "--out", path.join(policies, "rules")]), `it is inside ${policies}`);
    expect(
      existsSync(path.join(policies, "rows.csv")) ||
        existsSync(path.join(policies, "rules")) ||
        existsSync(path.join(policies, "CODEOWNERS")),
    ).toBe(false);
    const made = await runCli(["sample", "--policies", policies, "--count", "5", "--out", path.join(policies, "samples/more.csv")]);
    expect(made.code, made.stderr).toBe(0);
    expect(readFileSync(path.join(policies, "samples/more.csv"), "utf8")).toMatch(/^leadId,/);
  });

  it("--out '' is a usage error, not standard output", async () => {
    for (const args of [
      ["simulate", "--leads", sampleLeads, "--as-of", corpusAsOf, "--format", "csv", "--out", ""],
      ["sample", "--count", "5", "--out", ""],
      ["compile", "--out", ""],
    ]) {
      const run = await runCli(args);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain('expected a path, got ""');
    }
  });
});

describe("a full disk on standard output is one line and exit 2 (the real process)", () => {
  it.runIf(existsSync("/dev/full")).each([
    ["simulate --format csv", ["simulate", "--leads", sampleLeads, "--as-of", corpusAsOf, "--format", "csv", "--quiet"]],
    ["validate --format json", ["validate", "--format", "json"]],
    ["docs --check", ["docs", "--check"]],
  ])("%s > /dev/full", (_, args) => {
    const full = openSync("/dev/full", "w");
    try {
      const run = spawnSync(process.execPath, [bin, ...args], {
        cwd: repoRoot,
        encoding: "utf8",
        stdio: ["ignore", full, "pipe"],
        timeout: 60_000,
      });
      expect(run.stderr).toBe("error: cannot write to standard output: no space left on the device\n");
      expect(run.status).toBe(2);
    } finally {
      closeSync(full);
    }
  });
});

describe("tests/ and samples/ folders linked out of the policies folder are refused", () => {
  it("test --policies P with P/tests a link to a folder outside", async () => {
    const policies = policyFolder([], bundledPolicies);
    const outside = path.join(makeTempDir(), "tests");
    renameSync(path.join(policies, "tests"), outside);
    symlinkSync(outside, path.join(policies, "tests"));
    const run = await runCli(["test", "--policies", policies]);
    expectRefusal(
      run,
      `its folder ${path.join(policies, "tests")} is a symbolic link to ${outside}, outside ${policies}; policy test files must be inside it`,
    );
  });

  it("diff and run with P/samples a link to a folder outside (the default corpus)", async () => {
    const repo = policyRepo();
    const outside = path.join(makeTempDir(), "samples");
    renameSync(path.join(repo.policies, "samples"), outside);
    symlinkSync(outside, path.join(repo.policies, "samples"));
    const message = `is a symbolic link to ${outside}, outside ${repo.policies}; lead files must be inside it`;
    expectRefusal(await runCli(["diff", "--policies", repo.policies, "--base", "main", "--format", "text", "--quiet"]), message);
    expectRefusal(await runCli(["run", "--policies", repo.policies, "--as-of", corpusAsOf]), message);
  });
});
