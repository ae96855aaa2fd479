/**
 * A policy set as plain data: each policy's file, text and parsed document. A `PolicySet` itself cannot be
 * structured-cloned to a worker thread or serialized into the policy cache: each policy's source map is a
 * function over the parsed YAML. Revived, a set is the one it was made from, except that a policy's source map
 * parses its text again only if a location is asked for (after validation, that is rare): a worker or a warm
 * run does not parse any YAML to run the policies.
 */
import type { LoadedPolicy, SourceMap } from "../model/loaded-policy.js";
import type { PolicyDocument } from "../model/policy.js";
import { buildPolicySet, type PolicySet } from "../model/policy-set.js";
import { parseYaml } from "./parse-yaml.js";

export interface PolicySetData {
  policies: { file: string; text: string; document: PolicyDocument }[];
}

export function policySetData(set: PolicySet): PolicySetData {
  return { policies: set.policies.map(({ file, text, document }) => ({ file, text, document })) };
}

export function revivePolicySet(data: PolicySetData): PolicySet {
  return buildPolicySet(data.policies.map((p): LoadedPolicy => ({ ...p, sourceMap: sourceMapOnDemand(p.file, p.text) })));
}

function sourceMapOnDemand(file: string, text: string): SourceMap {
  let parsed: SourceMap | undefined;
  return {
    file,
    locate: (pointer, options) => (parsed ??= parseYaml(file, text).sourceMap).locate(pointer, options),
  };
}
