/** Hand-made lead records for pipeline tests. */
import { simulateLeads, type PolicySet } from "../../src/index.js";

/** A fitting, engaged US enterprise lead in SQL; override what a test is about. */
export function qualifiedLead(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    leadId: "00QTEST001",
    email: "vp.data@bigco.example",
    firstName: "Vera",
    lastName: "Data",
    title: "VP of Data Platform",
    jobFunction: "data",
    seniority: "vp",
    country: "US",
    stateCode: "NY",
    leadSource: "demo-request",
    createdAt: "2026-05-29T20:00:00Z",
    lastActivityAt: "2026-05-30T12:00:00Z",
    lifecycleStage: "sql",
    stageEnteredAt: "2026-05-20T12:00:00Z",
    unsubscribed: false,
    consentStatus: "granted",
    emailBounced: false,
    webinarsAttended: 0,
    pricingPageVisits: 4,
    demoRequested: true,
    contentDownloads: 0,
    emailClicks: 0,
    trialStarted: true,
    legalHold: false,
    company: "BigCo",
    employees: 1500,
    industry: "software",
    namedAccount: false,
    isCustomer: false,
    techStack: ["snowflake"],
    ...overrides,
  };
}

export async function simulateRecords(set: PolicySet, records: Record<string, unknown>[], asOf: string) {
  const result = await simulateLeads(
    set,
    records.map((values, i) => ({ record: { row: i + 1, values } })),
    { asOf },
  );
  if (result.diagnostics.length > 0) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
  return result.rows;
}
