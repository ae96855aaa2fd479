/**
 * The read report's problem groups: bounded however many distinct bad values a file holds, and the same
 * whether one thread counted the file or worker batches were merged in order.
 */
import { describe, expect, it } from "vitest";
import { ProblemGroups } from "../src/input/read-report.js";

const problem = (value: string, line: number) => ({
  code: "input/row" as const,
  column: "Industry",
  field: "industry",
  problem: "is not a value of the Industry picklist",
  hint: "h",
  value,
  line,
});

describe("problem groups", () => {
  const values = Array.from({ length: 2500 }, (_, i) => `v${i % 1200}`);

  it("keep at most 1,000 groups; further values of a column and problem are counted together", () => {
    const groups = new ProblemGroups();
    values.forEach((v, i) => groups.add(problem(v, i + 2)));
    const sorted = groups.sorted();
    expect(sorted).toHaveLength(1001);
    const various = sorted.find((g) => g.various)!;
    expect(various.value).toBeUndefined();
    expect(sorted.reduce((n, g) => n + g.count, 0)).toBe(2500);
  });

  it("merged from worker batches (uncapped, in input order) give what one thread gives", () => {
    const single = new ProblemGroups();
    values.forEach((v, i) => single.add(problem(v, i + 2)));
    const merged = new ProblemGroups();
    for (let start = 0; start < values.length; start += 1250) {
      const batch = new ProblemGroups(Infinity);
      values.slice(start, start + 1250).forEach((v, i) => batch.add(problem(v, start + i + 2)));
      for (const group of batch.take()) merged.merge(group);
    }
    expect(merged.sorted()).toEqual(single.sorted());
  });
});
