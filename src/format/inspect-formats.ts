/** The output formats of `inspect`, one pure function each. */
import type { InspectProfile } from "../inspect/inspect-leads.js";
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
