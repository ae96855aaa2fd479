/** The output formats of `inspect`, one pure function each. */
import type { InspectProfile } from "../inspect/inspect-leads.js";
import type { MappingSuggestion } from "../inspect/suggest-mapping.js";
import { textCell } from "../render/escape/text.js";
import { formatInspectMarkdown } from "./inspect-markdown.js";
import { formatInspectText } from "./inspect-text.js";

export const inspectFormats = ["text", "json", "markdown"] as const;
export type InspectFormat = (typeof inspectFormats)[number];

export const inspectFormatters: Record<InspectFormat, (profile: InspectProfile) => string> = {
  text: formatInspectText,
  // The profile is built with its keys in a fixed order, so the JSON is the same on every run.
  json: (profile) => JSON.stringify(profile, null, 2) + "\n",
  markdown: formatInspectMarkdown,
};

/** What `inspect --suggest` drafted, for stderr: how many fields it matched, and what to do next. */
export function formatDraftSummary(draft: MappingSuggestion, out: string | undefined): string {
  return (
    textCell(
      `draft mapping${out ? ` ${out}` : ""}: ${Object.keys(draft.columns).length} field(s) matched to columns, ${draft.unmatched.length} column(s) left unmapped; check it, then pass --mapping FILE`,
    ) + "\n"
  );
}
