// Issue #13, "read settings per source system": a lead file read by its layout (delimiter, encoding,
// header row, report footer) and XLSX workbooks, with the header and dropped lines reported.
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { utils, write, type CellObject } from "@e965/xlsx";
import { describe, expect, it } from "vitest";
import { readLeadRecords } from "../src/load/read-leads.js";
import type { LeadInput, LeadLayout } from "../src/load/lead-input.js";

const dir = mkdtempSync(path.join(tmpdir(), "leadrules-read-exports-"));
const fixtures = path.join(import.meta.dirname, "fixtures", "reading");

function leadFile(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

async function readAll(file: string, layout?: Partial<LeadLayout>): Promise<LeadInput[]> {
  const inputs: LeadInput[] = [];
  for await (const input of readLeadRecords(file, layout ? { layout: { encoding: "utf-8", headerRow: 1, footer: "auto", ...layout } } : {}))
    inputs.push(input);
  return inputs;
}

/** What a file yields, in a form easy to compare: records as [row, values], the rest as they are. */
async function read(file: string, layout?: Partial<LeadLayout>) {
  const inputs = await readAll(file, layout);
  return {
    columns: inputs.flatMap((i) => ("columns" in i ? [i.columns] : [])),
    records: inputs.flatMap((i) => ("record" in i ? [[i.record.row, i.record.values] as const] : [])),
    rows: inputs.flatMap((i) => ("record" in i ? [i.record.row] : [])),
    dropped: inputs.flatMap((i) => ("dropped" in i ? [i.dropped] : [])),
    problems: inputs.flatMap((i) => ("problem" in i ? [i.problem] : [])),
    order: inputs.map((i) => Object.keys(i)[0]),
  };
}

describe("delimiters", () => {
  it("reads semicolons, keeping a decimal comma in the value as written", async () => {
    const file = leadFile("semicolon.csv", 'leadId;company;annualRevenue\n00Q1;Müller GmbH;1.234,56\n00Q2;"Dupont; Fils";7,5\n');
    const expected = [
      [2, { leadId: "00Q1", company: "Müller GmbH", annualRevenue: "1.234,56" }],
      [3, { leadId: "00Q2", company: "Dupont; Fils", annualRevenue: "7,5" }],
    ];
    expect((await read(file, { delimiter: ";" })).records).toEqual(expected);
    // Told from the header line too.
    expect((await read(file)).records).toEqual(expected);
  });

  it("reads tabs, and a .tsv file is tab-separated by default", async () => {
    const text = "leadId\tcompany, Inc.\n00Q1\tAcme, Inc.\n";
    expect((await read(leadFile("tabs.csv", text), { delimiter: "\t" })).records).toEqual([
      [2, { leadId: "00Q1", "company, Inc.": "Acme, Inc." }],
    ]);
    expect((await read(leadFile("tabs.tsv", "a,b\tc\n1,2\t3\n"))).records).toEqual([[2, { "a,b": "1,2", c: "3" }]]);
  });

  it("reads pipes", async () => {
    expect((await read(leadFile("pipes.csv", "leadId|email\n00Q1|a@acme.example\n"), { delimiter: "|" })).records).toEqual([
      [2, { leadId: "00Q1", email: "a@acme.example" }],
    ]);
  });

  it("tells the delimiter from the header line: the one most often outside quotes, a comma on a tie", async () => {
    expect((await read(leadFile("detect-pipe.csv", '"a,b,c"|d|e\n1|2|3\n'))).columns).toEqual([["a,b,c", "d", "e"]]);
    expect((await read(leadFile("detect-tab.csv", "a\tb;c\td\n1\t2\t3\n"))).columns).toEqual([["a", "b;c", "d"]]);
    expect((await read(leadFile("detect-tie.csv", "a;b,c\n1;2,3\n"))).columns).toEqual([["a;b", "c"]]);
    // The header after title lines is the one looked at.
    expect((await read(leadFile("detect-after-title.csv", "Report, as of, June\na;b;c\n1;2;3\n"), { headerRow: 2 })).columns).toEqual([
      ["a", "b", "c"],
    ]);
  });
});

describe("encodings", () => {
  const header = Buffer.from("leadId,company,note\n");
  const row = Buffer.concat([
    Buffer.from("00Q1,Caf"),
    Buffer.from([0xe9]),
    Buffer.from(",price "),
    Buffer.from([0x80, 0x20, 0x35, 0x20, 0x96, 0x20, 0x36]),
    Buffer.from("\n"),
  ]);

  it("reads windows-1252 bytes: 0x80, 0xE9 and 0x96 are €, é and –", async () => {
    const file = leadFile("cp1252.csv", Buffer.concat([header, row]));
    expect((await read(file, { encoding: "windows-1252" })).records).toEqual([
      [2, { leadId: "00Q1", company: "Café", note: "price € 5 – 6" }],
    ]);
  });

  it("reads windows-1252 column names, and counts columns in characters for a NUL", async () => {
    const file = leadFile(
      "cp1252-header.csv",
      Buffer.concat([Buffer.from("leadId,soci"), Buffer.from([0xe9, 0x74, 0xe9]), Buffer.from("\n00Q1,\xe9\x00\n", "latin1")]),
    );
    const { columns, problems } = await read(file, { encoding: "windows-1252" });
    expect(columns).toEqual([["leadId", "société"]]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.location).toMatchObject({ line: 2, column: 7 });
  });

  it("reports windows-1252 bytes in a UTF-8 file as unreadable, pointing at the profile's encoding", async () => {
    const file = leadFile("cp1252-as-utf8.csv", Buffer.concat([header, row]));
    const { problems } = await read(file);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: "input/unreadable", location: { line: 2, column: 9 } });
    expect(problems[0]!.hint).toContain("set encoding: windows-1252 in its profile");
  });

  it("drops a UTF-8 BOM, and refuses one in a file whose profile says windows-1252", async () => {
    const file = leadFile("bom.csv", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("leadId,company\n00Q1,Café\n")]));
    expect((await read(file)).records).toEqual([[2, { leadId: "00Q1", company: "Café" }]]);
    await expect(read(file, { encoding: "windows-1252" })).rejects.toThrow(
      "this file starts with a UTF-8 byte order mark; its profile says windows-1252",
    );
  });
});

describe("the header row", () => {
  it("skips and reports the title lines above it; rows keep their line numbers", async () => {
    const file = leadFile(
      "titles.csv",
      'Leads by Source\r\n"Filtered by: Created Date = THIS MONTH, Owner = ""me"""\r\n\r\nleadId,email\r\n00Q1,a@acme.example\r\n00Q2,b@acme.example\r\n',
    );
    const { columns, records, dropped, order } = await read(file, { headerRow: 4 });
    expect(dropped).toEqual([
      { line: 1, text: "Leads by Source", why: "title" },
      { line: 2, text: '"Filtered by: Created Date = THIS MONTH, Owner = ""me"""', why: "title" },
    ]);
    expect(columns).toEqual([["leadId", "email"]]);
    expect(records.map(([row]) => row)).toEqual([5, 6]);
    expect(order).toEqual(["dropped", "dropped", "columns", "record", "record"]);
  });

  it("with a BOM before the title line", async () => {
    const file = leadFile("titles-bom.csv", "\uFEFFReport\nleadId\n00Q1\n");
    const { dropped, records } = await read(file, { headerRow: 2 });
    expect(dropped).toEqual([{ line: 1, text: "Report", why: "title" }]);
    expect(records).toEqual([[3, { leadId: "00Q1" }]]);
  });

  it("reports windows-1252 title lines decoded", async () => {
    const file = leadFile(
      "titles-cp1252.csv",
      Buffer.concat([Buffer.from("Ums"), Buffer.from([0xe4]), Buffer.from("tze "), Buffer.from([0x80]), Buffer.from("\nleadId\n00Q1\n")]),
    );
    expect((await read(file, { headerRow: 2, encoding: "windows-1252" })).dropped).toEqual([{ line: 1, text: "Umsätze €", why: "title" }]);
  });

  it("past the end of the file is a usage error", async () => {
    await expect(read(leadFile("short.csv", "leadId\n00Q1\n"), { headerRow: 5 })).rejects.toThrow("before the header line 5");
  });

  it("is announced once, trimmed, before any record; a header-only file has no leads", async () => {
    expect((await read(leadFile("spaces.csv", " leadId , email\n00Q1,a@acme.example\n"))).order).toEqual(["columns", "record"]);
    expect((await read(leadFile("spaces.csv", " leadId , email\n00Q1,a@acme.example\n"))).columns).toEqual([["leadId", "email"]]);
    await expect(read(leadFile("header-only.csv", "leadId,email\n\n"))).rejects.toThrow("no leads in");
  });
});

const salesforceFooter = [
  '"Confidential Information - Do Not Distribute"',
  '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."',
  '"Generated By:  Jane Doe  6/2/2026 8:14 AM"',
  '"Acme Corporation"',
];
const footerLines = [
  { line: 6, text: "Confidential Information - Do Not Distribute", why: "footer" },
  { line: 7, text: "Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.", why: "footer" },
  { line: 8, text: "Generated By:  Jane Doe  6/2/2026 8:14 AM", why: "footer" },
  { line: 9, text: "Acme Corporation", why: "footer" },
];
const reportRows = [
  '"Lead ID","Email","Company"',
  '"00Q1","a@acme.example","Acme"',
  '"00Q2","b@acme.example","Acme"',
  '"00Q3","c@acme.example","Globex"',
];

describe("a report footer", () => {
  it("is dropped after a blank line and reported line by line (CRLF, as Salesforce writes it)", async () => {
    const file = leadFile("sfdc-footer.csv", [...reportRows, "", ...salesforceFooter, ""].join("\r\n"));
    const { rows, dropped, order } = await read(file);
    expect(rows).toEqual([2, 3, 4]);
    expect(dropped).toEqual(footerLines);
    expect(order.slice(-4)).toEqual(["dropped", "dropped", "dropped", "dropped"]);
  });

  it("is dropped after several blank lines, or an empty row Excel wrote as commas", async () => {
    const { rows, dropped } = await read(leadFile("sfdc-footer-commas.csv", [...reportRows, ",,", "", ...salesforceFooter].join("\n")));
    expect(rows).toEqual([2, 3, 4]);
    expect(dropped.map((d) => d.line)).toEqual([7, 8, 9, 10]);
  });

  it("is not dropped when a real row follows the blank line: the rows are yielded in order", async () => {
    const file = leadFile("not-footer.csv", [...reportRows, "", '"00Q4"', '"00Q5",,', '"00Q6","f@acme.example","Initech"', ""].join("\n"));
    const { rows, dropped } = await read(file);
    expect(rows).toEqual([2, 3, 4, 6, 7, 8]);
    expect(dropped).toEqual([]);
  });

  it("needs the blank line: one-value rows right after the last row are rows", async () => {
    const { rows, dropped } = await read(leadFile("no-blank.csv", [...reportRows, '"00Q4"'].join("\n")));
    expect(rows).toEqual([2, 3, 4, 5]);
    expect(dropped).toEqual([]);
  });

  it("is not told from a quoted value spanning lines (CRLF inside the quotes)", async () => {
    const file = leadFile("multiline.csv", ["leadId,note", '00Q1,"line one\r\n\r\nline three"', '"00Q2"', ""].join("\r\n"));
    const { records, dropped } = await read(file);
    expect(records).toEqual([
      [4, { leadId: "00Q1", note: "line one\r\n\r\nline three" }],
      [5, { leadId: "00Q2" }],
    ]);
    expect(dropped).toEqual([]);
    // A one-value row spanning lines is no blank line either.
    const last = await read(leadFile("multiline-last.csv", ["leadId,note", "00Q1,x", '"00Q2\r\n\r\nsecond"', ""].join("\r\n")));
    expect(last.rows).toEqual([2, 5]);
    expect(last.dropped).toEqual([]);
  });

  it("keeps row numbers right after a CRLF inside quotes", async () => {
    const file = leadFile("crlf-in-quotes.csv", ["leadId,note", '00Q1,"one\r\ntwo"', "00Q2,x", "", "00Q3,y", ""].join("\r\n"));
    expect((await read(file)).rows).toEqual([3, 4, 6]);
  });

  it("is held back at most 50 rows: more one-value rows after a blank line are rows", async () => {
    const many = Array.from({ length: 60 }, (_, i) => `00Q${100 + i}`);
    const { rows, dropped } = await read(leadFile("many-one-value.csv", ["leadId,email", "00Q1,a@acme.example", "", ...many].join("\n")));
    expect(rows).toEqual([2, ...many.map((_, i) => 4 + i)]);
    expect(dropped).toEqual([]);
  });

  it("is read as rows with footer: none", async () => {
    const file = leadFile("sfdc-footer-none.csv", [...reportRows, "", ...salesforceFooter, ""].join("\r\n"));
    const { rows, dropped } = await read(file, { footer: "none" });
    expect(rows).toEqual([2, 3, 4, 6, 7, 8, 9]);
    expect(dropped).toEqual([]);
  });

  it("a file of nothing but a footer has no leads", async () => {
    await expect(
      read(leadFile("footer-only.csv", ["leadId,email", "", '"Confidential Information - Do Not Distribute"'].join("\n"))),
    ).rejects.toThrow("no leads in");
  });
});

/** A workbook made with the library's own writer. */
function workbook(sheets: Record<string, (string | number | boolean | CellObject | null)[][]>): Buffer {
  const book = utils.book_new();
  for (const [name, rows] of Object.entries(sheets)) utils.book_append_sheet(book, utils.aoa_to_sheet(rows), name);
  return write(book, { type: "buffer", bookType: "xlsx", compression: true }) as Buffer;
}

describe("XLSX", () => {
  // 46174 is 2026-06-01 in Excel's 1900 date system; .75 is 18:00.
  const leads = workbook({
    Summary: [["nothing here"]],
    Leads: [
      ["Leads by Source"],
      [],
      ["Lead ID", " Company ", "Employees", "Customer", "Created", "Last Activity", "Total"],
      [
        "00Q1",
        " Acme ",
        1200,
        true,
        { t: "n", v: 46174, z: "yyyy-mm-dd" },
        { t: "n", v: 46174.75, z: "m/d/yyyy h:mm" },
        { t: "n", v: 3, f: "1+2" },
      ],
      ["00Q2", "", 12.5, false, null, null, null],
      [],
      ["Confidential Information - Do Not Distribute"],
      ["Generated By: Jane Doe 6/2/2026 8:14 AM"],
    ],
  });
  const file = leadFile(
    "leads.xlsx",
    workbook({
      Leads: [
        ["Lead ID", "Email"],
        ["00Q1", "a@acme.example"],
      ],
    }),
  );

  it("reads the first sheet by default", async () => {
    const { columns, records } = await read(file);
    expect(columns).toEqual([["Lead ID", "Email"]]);
    expect(records).toEqual([[2, { "Lead ID": "00Q1", Email: "a@acme.example" }]]);
  });

  it("reads a sheet by name: typed values, dates as naive text, cached formula values, sheet row numbers, titles and footer dropped", async () => {
    const { columns, records, dropped, order } = await read(leadFile("report.xlsx", leads), { sheet: "Leads", headerRow: 3 });
    expect(columns).toEqual([["Lead ID", "Company", "Employees", "Customer", "Created", "Last Activity", "Total"]]);
    expect(records).toEqual([
      [
        4,
        {
          "Lead ID": "00Q1",
          Company: " Acme ",
          Employees: 1200,
          Customer: true,
          Created: "2026-06-01",
          "Last Activity": "2026-06-01 18:00:00",
          Total: 3,
        },
      ],
      [5, { "Lead ID": "00Q2", Company: "", Employees: 12.5, Customer: false, Created: "", "Last Activity": "", Total: "" }],
    ]);
    expect(dropped).toEqual([
      { line: 1, text: "Leads by Source", why: "title" },
      { line: 7, text: "Confidential Information - Do Not Distribute", why: "footer" },
      { line: 8, text: "Generated By: Jane Doe 6/2/2026 8:14 AM", why: "footer" },
    ]);
    expect(order).toEqual(["dropped", "columns", "record", "record", "dropped", "dropped"]);
  });

  it("reads the footer as rows with footer: none", async () => {
    expect((await read(leadFile("report-none.xlsx", leads), { sheet: "Leads", headerRow: 3, footer: "none" })).rows).toEqual([4, 5, 7, 8]);
  });

  it("a missing sheet is a usage error naming the sheets there are", async () => {
    await expect(read(leadFile("report-missing.xlsx", leads), { sheet: "leads" })).rejects.toThrow(
      'has no sheet "leads"; its sheets are "Summary", "Leads"',
    );
  });

  it("a sheet whose first row is no header (a summary, a title over empty cells) is a usage error naming the sheets, not a crash", async () => {
    // Read by no profile: the first sheet, "Summary", row 1. A sheet row is sparse; its empty cells were once holes that crashed the reader.
    const workbook = path.join(fixtures, "..", "exports", "real", "xlsx", "northwind-leads-q2.xlsx");
    await expect(read(workbook)).rejects.toThrow(
      /sheet "Summary", row 1: \d+ of its \d+ cells up to the last one are empty, so it is not a row of column names/,
    );
    await expect(read(workbook)).rejects.toMatchObject({ hint: expect.stringContaining('the workbook\'s sheets are "Summary", "Leads"') });
  });

  it("reads a workbook another writer made (openpyxl): dates, times and row numbers", async () => {
    const { records } = await read(path.join(fixtures, "openpyxl.xlsx"));
    expect(records).toEqual([
      [2, { leadId: "00Q1", createdAt: "2026-06-01", lastActivityAt: "2026-06-02 08:14:00", employees: 250, customer: true }],
      [4, { leadId: "00Q2", createdAt: "1999-12-31", lastActivityAt: "", employees: "", customer: false }],
    ]);
  });

  it("refuses a file that is not a workbook, and a part inflating to more than it declares (a zip bomb)", async () => {
    await expect(read(leadFile("not-a-workbook.xlsx", "leadId\n00Q1\n"))).rejects.toThrow(
      "is not an XLSX workbook: it is not a ZIP archive",
    );
    // The central directory of a real workbook, its parts' declared sizes made 10 bytes.
    const bomb = Buffer.from(readFileSync(file));
    for (
      let at = bomb.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
      at !== -1;
      at = bomb.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)
    )
      if (bomb.readUInt16LE(at + 10) === 8) bomb.writeUInt32LE(10, at + 24);
    await expect(read(leadFile("bomb.xlsx", bomb))).rejects.toThrow("inflates to more than it declares");
  });

  it("over 50 MiB is a usage error", async () => {
    const large = leadFile("large.xlsx", "");
    truncateSync(large, 50 * 1024 * 1024 + 1);
    await expect(read(large)).rejects.toThrow("over the limit of 50 MiB");
  });

  it("cannot be read from text", async () => {
    await expect(async () => {
      for await (const _ of readLeadRecords("from-git.xlsx", { text: "PK" })) void _;
    }).rejects.toThrow("cannot be read from text");
  });
});

describe("column names", () => {
  it("key every record by the trimmed names the header announces (a spaced header still feeds its field)", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "leadrules-trim-")), "spaced.csv");
    writeFileSync(file, "leadId , email\nL1,a@b.example\n");
    const inputs = [];
    for await (const input of readLeadRecords(file)) inputs.push(input);
    expect(inputs).toEqual([
      { columns: ["leadId", "email"], delimiter: "," },
      { record: { row: 2, values: { leadId: "L1", email: "a@b.example" } } },
    ]);
  });

  it("reject a row with more values than the header has columns: its values are in the wrong columns", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "leadrules-ragged-")), "ragged.csv");
    writeFileSync(file, "a,b,c\n1,2,3\nAcme, Inc.,2,3\n4,5\n");
    const inputs = [];
    for await (const input of readLeadRecords(file)) inputs.push(input);
    expect(
      inputs.map((i) => ("record" in i ? `record ${i.record.row}` : "problem" in i ? `problem ${i.problem.location?.line}` : "columns")),
    ).toEqual(["columns", "record 2", "problem 3", "record 4"]);
  });
});
