/**
 * The owning teams each policy file names in `metadata.owners`, read from the files' text: `approvals`
 * needs them for both versions of a pull request, and an old version that no longer validates (or a
 * head with errors the gate reports anyway) must still say whose approval a change to it needs. A file
 * whose owners cannot be read is left out, and CODEOWNERS decides who owns it.
 */
import { parseYaml } from "../load/parse-yaml.js";
import type { PolicyFile } from "../load/read-policy-files.js";

/** File (as given) -> `@org/team` for each owner id, `teamPrefix` in front. */
export function policyFileOwners(files: readonly PolicyFile[], teamPrefix: string): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const { file, text } of files) {
    const { value, diagnostics } = parseYaml(file, text);
    const listed = (value as { metadata?: { owners?: unknown } } | undefined)?.metadata?.owners;
    if (diagnostics.length > 0 || !Array.isArray(listed) || !listed.every((o) => typeof o === "string" && o !== "")) continue;
    owners.set(
      file,
      listed.map((id: string) => `${teamPrefix}${id}`),
    );
  }
  return owners;
}

/** Both versions' owners of each file: a change that drops a team from a policy's owners still needs that team. */
export function mergeOwners(...versions: readonly ReadonlyMap<string, readonly string[]>[]): Map<string, string[]> {
  const merged = new Map<string, string[]>();
  for (const version of versions)
    for (const [file, owners] of version) merged.set(file, [...new Set([...(merged.get(file) ?? []), ...owners])]);
  return merged;
}
