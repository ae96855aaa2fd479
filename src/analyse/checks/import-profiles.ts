/**
 * A system's import profile must name a real time zone and date formats that
 * can read a date back, as a `--mapping` file's profile must
 * (`profileProblems`, the one definition of both).
 */
import type { Diagnostic } from "../../diagnostics/index.js";
import { profileProblems } from "../../model/import-profile.js";
import { problemAt, type Check } from "../check.js";
import { specOf } from "../../model/policy-set.js";

export const importProfiles: Check = {
  name: "import-profiles",
  description: "Each system's import profile names a real time zone and readable date formats.",
  codes: ["crossref/import-profile"],
  check({ set }) {
    const dictionary = specOf(set, "DataDictionary");
    const policy = set.byKind.DataDictionary;
    if (!dictionary || !policy) return [];
    const problems: Diagnostic[] = [];
    dictionary.systems.forEach((system, i) => {
      for (const p of profileProblems(system.profile ?? {}))
        problems.push(
          problemAt(
            policy,
            `/spec/systems/${i}/profile${p.pointer}`,
            "crossref/import-profile",
            `system ${system.id}: ${p.message}`,
            p.hint,
          ),
        );
    });
    return problems;
  },
};
