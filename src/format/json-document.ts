/** One JSON document on stdout: two-space indent and a final newline, as every `--format json`. */
export function jsonDocument(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}
