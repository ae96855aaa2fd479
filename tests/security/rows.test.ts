// Issue #17, rows, ids and limits: finding 5 (an unclosed CSV quote swallows the rest of the file),
// finding 10 (exit-code contract: table output at scale, sample building one string, a huge NDJSON line,
// EPIPE, ids named `constructor`) and finding 11's silent accepts for rows and numbers (duplicated
// headers, invalid UTF-8, duplicate lead ids, missing required values, `--count 1e3`, unbounded
// `--workers` / `--count`).
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readLeadRecords, type LeadInput } from "../../src/index.js";
import { runCli } from "../helpers/cli.js";
import { policyRepo } from "../helpers/git-repo.js";
import { cellStart, fullHeader, fullLeadLine, requiredLeadRecord } from "../helpers/full-leads.js";

const asOf = "2026-06-01T12:00:00Z";
const dir = mkdtempSync(path.join(tmpdir(), "leadrules-rows-"));

function leadFile(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

/**
 * CSV leads with every column of the sample (a CSV lacking a column the policies read fails at its header):
 * `n` rows, ids 00QROW0001..., each with the values of another sample row.
 */
function fullLeads(n: number, from = 1, company = "Acme"): string[] {
  return Array.from({ length: n }, (_, i) =>
    fullLeadLine({ leadId: `00QROW${String(from + i).padStart(4, "0")}`, email: `lead${from + i}@acme.example`, company }, from + i),
  );
}

async function collect(
  inputs: AsyncIterable<LeadInput>,
): Promise<{ rows: number[]; problems: { line?: number; column?: number; code: string; message: string }[] }> {
  const rows: number[] = [];
  const problems: { line?: number; column?: number; code: string; message: string }[] = [];
  for await (const input of inputs) {
    if ("record" in input) rows.push(input.record.row);
    else if ("problem" in input)
      problems.push({
        code: input.problem.code,
        message: input.problem.message,
        ...(input.problem.location?.line ? { line: input.problem.location.line } : {}),
        ...(input.problem.location?.column ? { column: input.problem.location.column } : {}),
      });
  }
  return { rows, problems };
}

describe("finding 5: an unclosed CSV quote", () => {
  const lines = [
    fullHeader,
    ...fullLeads(4),
    fullLeadLine({ leadId: "00QROW0005", email: "lead5@acme.example", company: '"Acme' }, 5),
    ...fullLeads(5, 6),
  ];
  const file = leadFile("unclosed.csv", lines.join("\n") + "\n");

  it("is reported at the line the quote opened, and the rows after it are still read", async () => {
    const { rows, problems } = await collect(readLeadRecords(file));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: "input/unreadable", line: 6 });
    expect(problems[0]!.message).toContain("a quote opened on line 6 is never closed");
    expect(rows).toEqual([2, 3, 4, 5, 7, 8, 9, 10, 11]);
  });

  it("recovers when the runaway field passes the size limit long before the end of the file", async () => {
    const many = [
      "leadId,email,company",
      `00QROW0001,x@acme.example,"Acme`,
      ...Array.from({ length: 40_000 }, (_, i) => `00QROX${i},lead${i}@acme.example,${"A".repeat(30)}`),
    ];
    const { rows, problems } = await collect(readLeadRecords(leadFile("runaway.csv", many.join("\n") + "\n")));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: "input/unreadable", line: 2 });
    expect(rows).toHaveLength(40_000);
  });

  it("fails simulate and audit with exit 2, and the summary says the file was not fully read", async () => {
    const simulate = await runCli(["simulate", "--leads", file, "--as-of", asOf, "--format", "table"]);
    expect(simulate.code).toBe(2);
    expect(simulate.stdout).toMatch(/^read: .*: 10 rows, 9 leads decided, 1 rejected, /m);
    expect(simulate.stdout).toMatch(/^input: +FAILED: 1 part\(s\) of the file could not be read, so leads may be missing/m);
    expect(simulate.stdout).toContain("9 simulated");
    expect(simulate.stderr).toContain(
      `unreadable: ${file}: a quote opened on line 6 is never closed; the rows after it were read from line 7 on: 1 row (line 6)`,
    );
    expect(simulate.stderr).toMatch(
      /^error: .*: the input is not good enough to trust the results: 1 part\(s\) of the file could not be read/m,
    );
    // No allowance for bad rows makes a file that was not fully read pass.
    const allowed = await runCli(["simulate", "--leads", file, "--as-of", asOf, "--format", "ndjson", "--max-bad-rows", "100%"]);
    expect(allowed.code).toBe(2);
    expect(allowed.stdout.trimEnd().split("\n")).toHaveLength(9);
    expect(allowed.stderr).toContain("could not be read, so leads may be missing");
    const audit = await runCli(["audit", "--leads", file, "--as-of", asOf]);
    expect(audit.code).toBe(2);
    expect(audit.stdout).toMatch(/^input: FAILED: 1 part\(s\) of the file could not be read/m);
    expect(audit.stderr).toContain("could not be read, so leads may be missing");
  });

  it("a quote opening inside a value deep in a large file is recovered on the worker path too: no crash, every other row, no temp file", async () => {
    const { spawnSync } = await import("node:child_process");
    const { readdirSync } = await import("node:fs");
    const bin = path.resolve(import.meta.dirname, "../../bin/leadrules.js");
    // Over 4 MB, so simulate reads it with worker threads; csv-parse stops at line 10,002 ("Invalid Opening Quote").
    const rows = Array.from({ length: 20_100 }, (_, i) =>
      fullLeadLine({ leadId: `00QBIG${i}`, email: `lead${i}@acme.example`, company: i === 10_000 ? `Ac"me` : "Acme" }, i),
    );
    const file = leadFile("deep-quote.csv", [fullHeader, ...rows].join("\n") + "\n");
    expect(statSync(file).size).toBeGreaterThan(4 * 1024 * 1024);
    const out = mkdtempSync(path.join(tmpdir(), "leadrules-deep-quote-"));
    for (const extra of [[], ["--out", path.join(out, "rows.csv")]]) {
      const run = spawnSync(process.execPath, [bin, "simulate", "--leads", file, "--as-of", asOf, "--format", "csv", "--quiet", ...extra], {
        encoding: "utf8",
        maxBuffer: 1 << 28,
      });
      expect(run.stderr, extra.join(" ")).toContain(`${path.basename(file)}: line 10002 cannot be read as CSV`);
      expect(run.stderr).not.toMatch(/\n\s+at |Unhandled/);
      expect(run.status).toBe(2);
      if (extra[0] !== "--out") expect(run.stdout.trimEnd().split("\n")).toHaveLength(20_100);
    }
    expect(readdirSync(out)).toEqual(["rows.csv"]);
  }, 120_000);

  it("fails diff and explain with exit 2 too, and the impact report says which rows it left out", async () => {
    const repo = policyRepo();
    const diff = await runCli([
      "diff",
      "--policies",
      repo.policies,
      "--base",
      "main",
      "--leads",
      file,
      "--as-of",
      asOf,
      "--format",
      "markdown",
      "--quiet",
      "--workers",
      "1",
    ]);
    expect(diff.code).toBe(2);
    expect(diff.stderr).toContain("could not be read, so leads may be missing");
    expect(diff.stdout).toContain("10 rows, 9 leads decided, 1 rejected");
    expect(diff.stdout).toContain("> **Input FAILED: 1 part(s) of the file could not be read, so leads may be missing");
    expect(diff.stdout).toContain("a quote opened on line 6 is never closed");
    expect(diff.stdout).toContain("Warning: 1 row of the leads file left out of the comparison");
    const text = await runCli([
      "diff",
      "--policies",
      repo.policies,
      "--base",
      "main",
      "--leads",
      file,
      "--as-of",
      asOf,
      "--format",
      "text",
      "--quiet",
      "--workers",
      "1",
    ]);
    expect(text.code).toBe(2);
    expect(text.stdout).toMatch(/^input: FAILED: 1 part\(s\) of the file could not be read/m);
    expect(text.stdout).toContain("warning: 1 row of the leads file left out");
    const json = await runCli([
      "diff",
      "--policies",
      repo.policies,
      "--base",
      "main",
      "--leads",
      file,
      "--as-of",
      asOf,
      "--format",
      "json",
      "--quiet",
      "--workers",
      "1",
    ]);
    expect(JSON.parse(json.stdout).leads).toMatchObject({
      count: 9,
      leftOut: 1,
      read: { rows: 10, decided: 9, rejected: 1, problems: [expect.objectContaining({ code: "input/unreadable", lines: [6] })] },
    });
    // The lead asked for was read, but the file was not read whole: the explanation cannot be trusted either.
    const explain = await runCli(["explain", "--leads", file, "--lead", "00QROW0001", "--as-of", asOf]);
    expect(explain.code).toBe(2);
    expect(explain.stdout).toContain("Lead 00QROW0001 as of");
    expect(explain.stderr).toContain("could not be read, so leads may be missing");
  }, 60_000);
});

describe("finding 10: exit-code contract (output size, a huge line, pipes, prototype ids)", () => {
  describe("a huge NDJSON line", () => {
    it("a line past 1 MiB is an unreadable row; the lines around it are read, with workers too", async () => {
      const huge = `{"leadId":"00QHUGE","company":"${"x".repeat(3 << 20)}"}`;
      const lines = [
        ...Array.from({ length: 9000 }, (_, i) =>
          JSON.stringify({ leadId: `00QROW${i}`, email: `l${i}@acme.example`, company: "A".repeat(400) }),
        ),
        huge,
        JSON.stringify({ leadId: "00QLAST", email: "last@acme.example" }),
      ];
      const file = leadFile("huge-line.ndjson", lines.join("\n") + "\n");
      const { rows, problems } = await collect(readLeadRecords(file));
      expect(problems).toEqual([expect.objectContaining({ code: "input/unreadable", line: 9001 })]);
      expect(problems[0]!.message).toContain("line 9001 is longer than 1048576 bytes");
      expect(rows).toHaveLength(9001);
      const run = await runCli(["simulate", "--leads", file, "--as-of", asOf, "--format", "ndjson", "--workers", "2", "--quiet"]);
      expect(run.code).toBe(2);
      expect(run.stdout.trimEnd().split("\n")).toHaveLength(9001);
      expect(run.stderr).toContain("line 9001 is longer than");
    }, 60_000);
  });

  describe("output size and pipes", () => {
    it("the default table format does not crash at 130,000+ leads and points to --format csv", async () => {
      // Only the required fields, so 131,000 leads stay a small file; the rest is read as empty.
      const file = leadFile(
        "many.ndjson",
        Array.from({ length: 131_000 }, (_, i) => JSON.stringify(requiredLeadRecord({ leadId: `00Q${i}` }, i))).join("\n") + "\n",
      );
      const run = await runCli(["simulate", "--leads", file, "--as-of", asOf, "--workers", "1", "--quiet"]);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("and 121000 more rows");
      expect(run.stdout).toContain("use --format csv");
      expect(run.stdout).toContain("131000 simulated");
    }, 120_000);

    it("sample renders one lead at a time, identical to the whole file in every format", async () => {
      const { renderLeadChunks, renderLeads } = await import("../../src/render/leads-file.js");
      const { generateLeadStream } = await import("../../src/sample/generate-leads.js");
      const { generateLeads, specOf } = await import("../../src/index.js");
      const { validSet } = await import("../helpers/policies.js");
      const dictionary = specOf(validSet(), "DataDictionary")!;
      const options = { count: 40, seed: 7, asOf: "2026-06-01T12:00:00.000Z" };
      for (const format of ["csv", "ndjson", "json", "yaml"] as const) {
        expect([...renderLeadChunks(generateLeadStream(dictionary, options), dictionary, format)].join(""), format).toBe(
          renderLeads(generateLeads(dictionary, options), dictionary, format),
        );
      }
      // Lazy: the first lead of ten million comes without the other leads being made.
      const first = generateLeadStream(dictionary, { ...options, count: 10_000_000 }).next();
      expect(first.done).toBe(false);
    });

    it("a closed pipe (| head -1) ends the real process quietly with exit 0", async () => {
      const { spawnSync } = await import("node:child_process");
      const { readFileSync } = await import("node:fs");
      const bin = path.resolve(import.meta.dirname, "../../bin/leadrules.js");
      const leads = leadFile("pipe.csv", [fullHeader, ...fullLeads(5000)].join("\n") + "\n");
      const errors = path.join(dir, "pipe.err");
      const shell = `"${process.execPath}" "${bin}" simulate --leads "${leads}" --as-of ${asOf} --format ndjson --quiet 2>"${errors}" | head -1 >/dev/null; echo "\${PIPESTATUS[0]}"`;
      const run = spawnSync("bash", ["-c", shell], { encoding: "utf8" });
      expect(run.stdout.trim()).toBe("0");
      expect(readFileSync(errors, "utf8")).toBe("");
    }, 60_000);
  });

  describe("ids named like Object.prototype members", () => {
    const prototypeNames = ["constructor", "__proto__", "toString", "hasOwnProperty"];

    it("count from zero in every summary (queue, stage, rule, threshold and lead ids)", async () => {
      const { policyFolder } = await import("../helpers/policy-fixtures.js");
      const { readdirSync, readFileSync } = await import("node:fs");
      // Policy ids must be lower-case, so `constructor` is the prototype name they can take: the queue sdr,
      // the threshold and stage mql and the routing rule route.mql all become `constructor`.
      const base = path.resolve(import.meta.dirname, "../fixtures/base");
      const policies = policyFolder(
        readdirSync(base).map((file) => ({
          file,
          content: readFileSync(path.join(base, file), "utf8")
            .replace(/\bsdr\b/g, "constructor")
            .replace(/\bmql\b/g, "constructor")
            .replace(/route\.constructor/g, "constructor"),
        })),
      );
      // Every column these policies read; a third of the leads is recorded in the stage now named `constructor`.
      const rows = Array.from(
        { length: 12 },
        (_, i) =>
          `${prototypeNames[i % prototypeNames.length]},p${i}@acme.example,US,${i % 2 ? 3000 : 20},2026-05-29T14:00:00Z,2026-05-31T14:00:00Z,${i % 3 ? "lead" : "constructor"}`,
      );
      const file = leadFile(
        "prototype-ids.csv",
        ["leadId,email,country,employees,createdAt,lastActivityAt,lifecycleStage", ...rows].join("\n") + "\n",
      );
      for (const format of ["table", "json", "markdown", "csv", "ndjson"]) {
        const run = await runCli(["simulate", "--policies", policies, "--leads", file, "--as-of", asOf, "--format", format]);
        expect(run.code, `${format}: ${run.stderr}`).toBe(0);
        expect(run.stdout, format).not.toContain("[native code]");
        expect(run.stdout, format).not.toMatch(/\[object Object\]|undefined1|NaN/);
      }
      const json = JSON.parse(
        (await runCli(["simulate", "--policies", policies, "--leads", file, "--as-of", asOf, "--format", "json"])).stdout,
      );
      expect(json.summary.byQueue.constructor).toBeTypeOf("number");
      expect(json.summary.thresholds.constructor).toBeTypeOf("number");
      expect(json.summary.byRoutingRule.constructor).toBeTypeOf("number");
      expect(json.summary.byStage.constructor).toBeTypeOf("number");
      expect(json.summary.read.rejected + json.summary.read.flagged).toBe(0);
      const audit = await runCli(["audit", "--policies", policies, "--leads", file, "--as-of", asOf, "--format", "json"]);
      expect(audit.stdout).not.toContain("[native code]");
      for (const name of prototypeNames) {
        const explain = await runCli(["explain", "--policies", policies, "--leads", file, "--as-of", asOf, "--lead", name]);
        expect(explain.stdout, name).not.toContain("[native code]");
      }
      const validate = await runCli(["validate", "--policies", policies]);
      expect(validate.stdout + validate.stderr).not.toContain("[native code]");
      const docs = await runCli(["docs", "--policies", policies, "--out", path.join(dir, "prototype-docs")]);
      expect(docs.code, docs.stderr).toBe(0);
      expect(docs.stdout + docs.stderr).not.toContain("[native code]");

      // diff: a version that moves leads from the `constructor` stage on to customer.
      const { execFileSync } = await import("node:child_process");
      const git = (...args: string[]) =>
        execFileSync("git", args, {
          cwd: policies,
          encoding: "utf8",
          env: {
            ...process.env,
            GIT_AUTHOR_NAME: "t",
            GIT_AUTHOR_EMAIL: "t@example.invalid",
            GIT_COMMITTER_NAME: "t",
            GIT_COMMITTER_EMAIL: "t@example.invalid",
          },
        });
      git("init", "-q", "-b", "main");
      git("add", "-A");
      git("commit", "-q", "-m", "base");
      const lifecycle = path.join(policies, "lifecycle.yaml");
      writeFileSync(
        lifecycle,
        readFileSync(lifecycle, "utf8")
          .replace("value: 5000", "value: 2000")
          .replace(/version: \d+\.\d+\.\d+/, "version: 9.0.0"),
      );
      for (const format of ["markdown", "json", "text"]) {
        const diff = await runCli(["diff", "--policies", policies, "--base", "main", "--leads", file, "--format", format, "--quiet"]);
        expect(diff.code, `${format}: ${diff.stderr}`).toBe(0);
        expect(diff.stdout, format).not.toContain("[native code]");
        expect(diff.stdout, format).not.toMatch(/\[object Object\]|NaN/);
      }
      const report = (await runCli(["diff", "--policies", policies, "--base", "main", "--leads", file, "--format", "json", "--quiet"]))
        .stdout;
      expect(report).toContain("constructor");
      expect(Object.prototype).not.toHaveProperty("customer");
      expect(Object).not.toHaveProperty("customer");
    }, 120_000);
  });
});

describe("finding 11: silent accepts (headers, encoding, numbers, negative counts)", () => {
  describe("duplicated CSV headers and invalid UTF-8", () => {
    it("a duplicated column name is an error naming the column (exit 2)", async () => {
      const file = leadFile(
        "dup-header.csv",
        ["leadId,email,company,email", "00QROW0001,a@acme.example,Acme,b@acme.example"].join("\n") + "\n",
      );
      const run = await runCli(["simulate", "--leads", file, "--as-of", asOf, "--format", "ndjson"]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('the column "email" appears more than once');
      expect(run.stderr).not.toMatch(/\n\s+at /);
    });

    it.each([
      ["Title", "title"],
      ["title", " title"],
      ["title", "\ufefftitle"],
      ["TITLE ", "title"],
    ])("columns %j and %j, differing only in case, spaces or a BOM, are a duplicated header too (exit 2)", async (first, second) => {
      const file = leadFile(
        "dup-header-variant.csv",
        [`leadId,email,${first},${second}`, "00QROW0001,a@acme.example,VP Sales,Intern"].join("\n") + "\n",
      );
      const run = await runCli(["simulate", "--leads", file, "--as-of", asOf, "--format", "ndjson"]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`the columns ${JSON.stringify(first)} and ${JSON.stringify(second)} are one name written twice`);
      expect(run.stdout).toBe("");
    });

    it("bytes that are not UTF-8 are reported with their line and column, in CSV and NDJSON (exit 2)", async () => {
      const csv = Buffer.concat([
        Buffer.from("leadId,email,company\n00QROW0001,a@acme.example,Acme\n00QROW0002,b@acme.example,Ac"),
        Buffer.from([0xff, 0xfe]),
        Buffer.from("me\n00QROW0003,c@acme.example,Acme\n"),
      ]);
      const fromCsv = await collect(readLeadRecords(leadFile("latin1.csv", csv)));
      expect(fromCsv.rows).toEqual([2, 4]);
      expect(fromCsv.problems).toEqual([expect.objectContaining({ code: "input/unreadable", line: 3, column: 29 })]);

      const ndjson = Buffer.concat([
        Buffer.from('{"leadId":"00QROW0001"}\n{"leadId":"00QR\u00e9'),
        Buffer.from([0xe9]),
        Buffer.from('"}\n{"leadId":"00QROW0003"}\n'),
      ]);
      const fromNdjson = await collect(readLeadRecords(leadFile("latin1.ndjson", ndjson)));
      expect(fromNdjson.rows).toEqual([1, 3]);
      expect(fromNdjson.problems).toEqual([expect.objectContaining({ code: "input/unreadable", line: 2, column: 17 })]);

      // Through the CLI, in a file with every column: the line is unreadable, its neighbours are decided, exit 2.
      const [before, after] = fullLeadLine({ leadId: "00QROW0002", email: "b@acme.example", company: "AcXme" }, 2).split("X");
      const column = before!.length + 1;
      const full = Buffer.concat([
        Buffer.from(`${fullHeader}\n${fullLeadLine({ leadId: "00QROW0001" }, 1)}\n${before}`),
        Buffer.from([0xff, 0xfe]),
        Buffer.from(`${after}\n${fullLeadLine({ leadId: "00QROW0003" }, 3)}\n`),
      ]);
      const run = await runCli([
        "simulate",
        "--leads",
        leadFile("latin1-full.csv", full),
        "--as-of",
        asOf,
        "--format",
        "ndjson",
        "--max-bad-rows",
        "100%",
      ]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        `unreadable: ${path.join(dir, "latin1-full.csv")}: line 3, column ${column}: the bytes are not valid UTF-8`,
      );
      expect(
        run.stdout
          .trimEnd()
          .split("\n")
          .map((l) => JSON.parse(l).id),
      ).toEqual(["00QROW0001", "00QROW0003"]);
    });
  });

  describe("a NUL character in a CSV value", () => {
    it("is a bad row reported with its line and column; the rows around it are read", async () => {
      const file = leadFile(
        "nul.csv",
        "leadId,email,company\n00QROW0001,a@acme.example,Acme\n00QROW0002,b@acme.example,Ac\u0000me\n00QROW0003,c@acme.example,Acme\n",
      );
      const { rows, problems } = await collect(readLeadRecords(file));
      expect(rows).toEqual([2, 4]);
      expect(problems).toEqual([expect.objectContaining({ code: "input/row", line: 3, column: 29 })]);
      expect(problems[0]!.message).toContain("line 3, column 29: a NUL character");
      // Through the CLI, in a file with every column: the row is rejected whole (no lead is decided from it), a bad
      // row like any other, so the run fails (exit 2) unless --max-bad-rows allows it.
      const line = fullLeadLine({ leadId: "00QROW0002", email: "b@acme.example", company: "Ac\u0000me" }, 2);
      const full = leadFile(
        "nul-full.csv",
        [fullHeader, fullLeadLine({ leadId: "00QROW0001" }, 1), line, fullLeadLine({ leadId: "00QROW0003" }, 3)].join("\n") + "\n",
      );
      const nulAt = `line 3, column ${cellStart(line, "company") + 2}: a NUL character`;
      for (const [extra, code] of [
        [[], 2],
        [["--max-bad-rows", "1"], 0],
      ] as const) {
        const run = await runCli(["simulate", "--leads", full, "--as-of", asOf, "--format", "ndjson", ...extra]);
        expect(run.code, extra.join(" ")).toBe(code);
        expect(run.stderr).toContain(nulAt);
        expect(
          run.stdout
            .trimEnd()
            .split("\n")
            .map((l) => JSON.parse(l).id),
        ).toEqual(["00QROW0001", "00QROW0003"]);
      }
      const json = JSON.parse((await runCli(["simulate", "--leads", full, "--as-of", asOf, "--format", "json"])).stdout);
      expect(json.summary.read).toMatchObject({ rows: 3, decided: 2, rejected: 1, flagged: 0 });
    });
  });

  describe("NDJSON: a repeated key, a number out of range", () => {
    it("a key written twice in one object is a bad row; a value holding a key-like text is not", async () => {
      const file = leadFile(
        "repeated-key.ndjson",
        [
          '{"leadId":"00QDUP1","title":"x","title":"y"}',
          '{"leadId":"00QDUP2","company":{"name":"a"} , "title" : "x","title":"y"}',
          '{"leadId":"00QOK1","title":"say \\":\\" and \\"title\\":","company":"Acme"}',
          '{"leadId":"00QOK2","nested":[{"title":"a"},{"title":"b"}]}',
        ].join("\n") + "\n",
      );
      const { rows, problems } = await collect(readLeadRecords(file));
      expect(rows).toEqual([3, 4]);
      expect(problems).toEqual([
        expect.objectContaining({ code: "input/row", line: 1 }),
        expect.objectContaining({ code: "input/row", line: 2 }),
      ]);
      expect(problems[0]!.message).toContain('the key "title" appears more than once');
    });

    it("1e309 is reported as out of range, not as null", async () => {
      const file = leadFile(
        "huge-number.ndjson",
        ['{"leadId":"00QBIG1","employees":1e309}', '{"leadId":"00QBIG2","employees":-1e999}', '{"leadId":"00QOK","employees":12}'].join(
          "\n",
        ) + "\n",
      );
      const run = await runCli(["simulate", "--leads", file, "--as-of", asOf, "--format", "ndjson"]);
      expect(run.stderr).toContain('line 1: the number in "employees" is out of range');
      expect(run.stderr).toContain('line 2: the number in "employees" is out of range');
      expect(run.stderr).not.toContain("null is not");
      expect(run.stdout).toContain("00QOK");
      expect(run.stdout).not.toContain("00QBIG");
    });
  });

  describe("a lead file without leads", () => {
    it.each([
      ["empty.csv", ""],
      ["header-only.csv", `${fullHeader}\n`],
      ["empty.ndjson", "\n\n"],
      ["empty.json", "[]"],
    ])("%s is an input error (exit 2), not 0 leads", async (name, content) => {
      const file = leadFile(name, content);
      const run = await runCli(["simulate", "--leads", file, "--as-of", asOf, "--format", "ndjson"]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`no leads in ${file}`);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      const audit = await runCli(["audit", "--leads", file, "--as-of", asOf]);
      expect(audit.code).toBe(2);
      expect(audit.stderr).toContain("no leads in");
    });
  });

  describe("duplicate lead ids", () => {
    it("are a warning naming the id and both lines, counted in the summary; exit 0, or 2 with --strict", async () => {
      const rows = fullLeads(300);
      for (let i = 0; i < 5; i++)
        rows.push(
          fullLeadLine({ leadId: `00QROW${String(10 + i * 50).padStart(4, "0")}`, email: `again${i}@acme.example`, company: "Acme" }, i),
        );
      const file = leadFile("dup-ids.csv", [fullHeader, ...rows].join("\n") + "\n");
      const run = await runCli(["simulate", "--leads", file, "--as-of", asOf, "--format", "table"]);
      expect(run.code).toBe(0);
      expect(run.stderr).toContain('the lead id "00QROW0010" on line 302 was already used on line 11');
      expect(run.stderr).toContain('the lead id "00QROW0210" on line 306 was already used on line 211');
      expect(run.stderr.match(/was already used/g)).toHaveLength(5);
      expect(run.stdout).toContain("305 simulated");
      expect(run.stdout).toContain("5 with a lead id used before");
      const strict = await runCli(["simulate", "--leads", file, "--as-of", asOf, "--format", "ndjson", "--strict"]);
      expect(strict.code).toBe(2);
      expect(strict.stderr).toContain('"00QROW0010" on line 302');
    });

    it("are found on the worker path too, in input order", async () => {
      const padding = "x".repeat(500);
      const lines = Array.from({ length: 9000 }, (_, i) =>
        JSON.stringify(requiredLeadRecord({ leadId: `00QPAR${i % 8990}`, email: `l${i}@acme.example`, company: padding }, i)),
      );
      const file = leadFile("dup-ids-parallel.ndjson", lines.join("\n") + "\n");
      const run = await runCli(["simulate", "--leads", file, "--as-of", asOf, "--format", "ndjson", "--workers", "2", "--quiet"]);
      expect(run.code).toBe(0);
      const warnings = run.stderr.split("\n").filter((line) => line.includes("was already used"));
      expect(warnings).toHaveLength(10);
      expect(warnings[0]).toContain('the lead id "00QPAR0" on line 8991 was already used on line 1');
      expect(warnings[9]).toContain('the lead id "00QPAR9" on line 9000 was already used on line 10');
      expect(run.stdout.trimEnd().split("\n")).toHaveLength(9000);
    }, 60_000);
  });

  describe("numbers on the command line", () => {
    it.each(["1e3", "0x10", " 5", "5.0", "-3", "0", "5abc"])("--count %j is rejected with exit 2", async (value) => {
      const run = await runCli(["sample", "--count", value]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("plain digits");
      expect(run.stdout).toBe("");
    });

    it("--count has a documented maximum and --workers is capped at the cores, saying so", async () => {
      const tooMany = await runCli(["sample", "--count", "1000001"]);
      expect(tooMany.code).toBe(2);
      expect(tooMany.stderr).toContain("at most 1000000");
      const file = leadFile("few.csv", [fullHeader, ...fullLeads(3)].join("\n") + "\n");
      const run = await runCli(["simulate", "--leads", file, "--as-of", asOf, "--format", "ndjson", "--workers", "4096"]);
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(/--workers 4096 capped at \d+, the number of cores/);
    });
  });

  describe("negative counts", () => {
    it("a value below the dictionary's minimum is a bad value of its row, from CSV text and from JSON numbers", async () => {
      const { policyFolder } = await import("../helpers/policy-fixtures.js");
      const policies = policyFolder([
        {
          file: "dictionary.yaml",
          replace: "{ name: employees, label: Employees, type: integer,",
          with: "{ name: employees, label: Employees, type: integer, minimum: 0,",
        },
      ]);
      // Every column these policies read (the CSV's header is checked); the dates and stage are the same for all.
      const rest = "2026-05-29T14:00:00Z,2026-05-31T14:00:00Z,lead";
      const csv = leadFile(
        "negative.csv",
        [
          "leadId,country,employees,createdAt,lastActivityAt,lifecycleStage",
          `00QNEG1,US,-5,${rest}`,
          `00QNEG2,US,0,${rest}`,
          `00QNEG3,US,1200,${rest}`,
        ].join("\n") + "\n",
      );
      const ndjson = leadFile(
        "negative.ndjson",
        ['{"leadId":"00QNEG1","employees":-5}', '{"leadId":"00QNEG2","employees":0}'].join("\n") + "\n",
      );
      for (const file of [csv, ndjson]) {
        // The bad value is read as empty and the row flagged: the lead is decided, and the run fails (exit 2)
        // unless --max-bad-rows allows that one row.
        const run = await runCli(["simulate", "--policies", policies, "--leads", file, "--as-of", asOf, "--format", "ndjson"]);
        expect(run.code, run.stderr).toBe(2);
        expect(run.stderr).toMatch(
          new RegExp(`flagged: column "employees": "?-5"? is below 0.*: 1 row \\(line ${file === csv ? 2 : 1}\\)`),
        );
        const rows = run.stdout
          .trimEnd()
          .split("\n")
          .map((l) => JSON.parse(l) as { id: string; flagged?: { field: string }[] });
        expect(rows.find((r) => r.id === "00QNEG1")?.flagged).toEqual([expect.objectContaining({ field: "employees" })]);
        expect(rows.find((r) => r.id === "00QNEG2")?.flagged).toBeUndefined();
        const allowed = await runCli([
          "simulate",
          "--policies",
          policies,
          "--leads",
          file,
          "--as-of",
          asOf,
          "--format",
          "ndjson",
          "--max-bad-rows",
          "1",
        ]);
        expect(allowed.code, allowed.stderr).toBe(0);
        expect(allowed.stdout).toBe(run.stdout);
      }
    });
  });
});

describe("11. the duplicate-id table (hashes outside the heap) finds every repeat and invents none", () => {
  it("200,000 distinct ids give no warning; each repeat names the line the id was first used on", async () => {
    const { DuplicateIds } = await import("../../src/simulate/duplicate-ids.js");
    const found: string[] = [];
    const ids = new DuplicateIds("f.csv", (w) => void found.push(w.message));
    for (let line = 0; line < 200_000; line++) ids.see(`00Q${line.toString(36)}`, line);
    expect(found).toEqual([]);
    for (const line of [0, 1, 65_535, 131_072, 199_999]) ids.see(`00Q${line.toString(36)}`, 300_000 + line);
    expect(found.map((m) => m.match(/already used on line (\d+)/)![1])).toEqual(["0", "1", "65535", "131072", "199999"]);
  });
});

describe("10. (found in review) a deeply nested NDJSON value is read without recursion", () => {
  it("200,000 nested arrays in one line are no internal error", async () => {
    const deep = `{"leadId":"00QDEEP","notes":${"[".repeat(200_000)}${"]".repeat(200_000)}}`;
    const file = leadFile("deep.ndjson", `${deep}\n{"leadId":"00QNEXT"}\n`);
    const run = await runCli(["simulate", "--leads", file, "--as-of", asOf, "--format", "ndjson", "--workers", "1", "--quiet"]);
    expect(run.stderr).not.toContain("internal error");
    expect(run.code).not.toBe(3);
    expect(run.stdout).toContain("00QNEXT");
  });
});
