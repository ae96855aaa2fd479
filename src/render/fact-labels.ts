import { buildFactCatalogue } from "../model/facts.js";
import { specOf, type PolicySet } from "../model/policy-set.js";
import { factLabelsFor } from "./condition-words.js";

/** Fact name -> label for a policy set: dictionary labels and readable derived-fact names. */
export function factLabels(set: PolicySet): Map<string, string> {
  const derived = [...buildFactCatalogue(set).values()].filter((f) => f.derived).map((f) => f.name);
  return factLabelsFor(
    (specOf(set, "DataDictionary")?.objects ?? []).flatMap((o) => o.fields),
    derived,
  );
}
