/** The id of an element a page links to: `field-email`, `rule-fit-seniority-vp`, `system-sfdc-report`. */
export const anchor = (prefix: string, id: string) =>
  `${prefix}-${id
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")}`;
