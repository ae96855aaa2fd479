/** A generated lead: field name to value, as a lead file would hold it. */
export type SampleLead = Record<string, string | number | boolean | string[] | null>;
