/**
 * STYLE.md's "shuffled input, same output" for diff: the report does not
 * depend on the order in which the policy files of either version are read.
 * git lists them in its own order (sorted today); here the listing is
 * shuffled after reading, so any later step that leans on it shows.
 */
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import type { PolicyFile } from "../../src/index.js";
import { policyRepo } from "../helpers/git-repo.js";

let shuffle: <T>(files: T[]) => T[] = (files) => files;

vi.mock("../../src/diff/git.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/diff/git.js")>();
  return {
    ...original,
    openPolicyRepository: async (directory: string) => {
      const repo = await original.openPolicyRepository(directory);
      return { ...repo, readPolicies: async (...args: Parameters<typeof repo.readPolicies>) => shuffle(await repo.readPolicies(...args)) };
    },
  };
});

const { diffVersions } = await import("../../src/api/diff-versions.js");

describe("diff", () => {
  it("gives the same report for the policy files of both versions in any order", async () => {
    const repo = policyRepo();
    repo.git("checkout", "-q", "-b", "change");
    repo.edit("scoring-model.yaml", "minimums: { total: 100, fit: 30 }", "minimums: { total: 90, fit: 30 }");
    repo.edit(
      "routing.yaml",
      "      sla: { firstTouchHours: 2, escalateAfterHours: 4, reassignAfterHours: 8 }",
      "      sla: { firstTouchHours: 3, escalateAfterHours: 4, reassignAfterHours: 8 }",
    );
    repo.edit("lifecycle.yaml", "    afterDays: 90", "    afterDays: 60");
    repo.commit("change");
    const options = { policies: repo.policies, base: "main", head: "change", asOf: "2026-06-01T12:00:00.000Z" };

    shuffle = (files) => files;
    const reference = await diffVersions(options);
    expect(reference.diagnostics).toEqual([]);
    expect(reference.report!.policies.filter((p) => p.items.length > 0).map((p) => p.kind)).toEqual([
      "Lifecycle",
      "Routing",
      "ScoringModel",
    ]);
    expect(reference.report!.behaviour.changedLeads).toBeGreaterThan(0);

    await fc.assert(
      fc.asyncProperty(fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })), async (randoms) => {
        const seen: string[][] = [];
        shuffle = <T>(files: T[]) => {
          const r = randoms.take(files.length * 2);
          const keyed = files.map((f) => [r.next().value as number, f] as const);
          const shuffled = keyed.sort((a, b) => a[0] - b[0]).map(([, f]) => f);
          seen.push((shuffled as PolicyFile[]).map((f) => f.file));
          return shuffled;
        };
        const result = await diffVersions(options);
        expect(seen.length).toBeGreaterThanOrEqual(2);
        expect(result).toEqual(reference);
      }),
      { numRuns: 4, seed: 3 },
    );
  }, 120_000);
});
