/**
 * Every field classified as personal data must belong to a retention data
 * category, or nobody has decided how long it is kept (GDPR Art. 5(1)(e)).
 */
import type { Diagnostic } from "../../diagnostics/index.js";
import { problemAt, type Check } from "../check.js";
import { specOf } from "../../model/policy-set.js";

export const piiCoverage: Check = {
  name: "pii-coverage",
  description: "Every PII field is covered by a retention data category.",
  codes: ["crossref/pii-not-retained"],
  check({ set }) {
    const dictionary = specOf(set, "DataDictionary");
    const retention = specOf(set, "RetentionSchedule");
    const policy = set.byKind.DataDictionary;
    if (!dictionary || !retention || !policy) return [];
    const covered = new Set(retention.categories.flatMap((c) => c.fields));
    const problems: Diagnostic[] = [];
    dictionary.objects.forEach((o, oi) =>
      o.fields.forEach((f, fi) => {
        if (f.pii !== "none" && !covered.has(f.name)) {
          problems.push(
            problemAt(
              policy,
              `/spec/objects/${oi}/fields/${fi}/pii`,
              "crossref/pii-not-retained",
              `PII field \`${f.name}\` (${f.pii}) is in no retention data category, so no rule says how long it is kept`,
              `Add \`${f.name}\` to a category in ${set.byKind.RetentionSchedule!.file}, or set \`pii: none\` if it is not personal data.`,
            ),
          );
        }
      }),
    );
    return problems;
  },
};
