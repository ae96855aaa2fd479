/**
 * The seeded sample generator behind `leadrules sample`: realistic leads for
 * the bundled dictionary, with the edge cases the council's reference corpus
 * must cover mixed in at fixed positions (unsubscribed, EU without consent,
 * holiday and weekend arrivals, a DST change, capacity overflow, legal hold,
 * inactivity, overdue dispositions...). Same seed, same leads, byte for byte.
 *
 * Works for any data dictionary: that realism is a layer over the bundled
 * company's field names, and a realistic value is kept only where the
 * dictionary has a field of that name whose type, picklist values and minimum
 * admit it (fit-to-dictionary.ts). Every other field gets a value made from its
 * type; the id field is unique; required fields are always filled. So every
 * generated lead normalizes without a problem.
 */
import { seededRandom } from "../model/seeded-random.js";
import type { DictionarySpec } from "../model/policy.js";
import { readAsOf } from "../model/dates.js";
import { fitToDictionary } from "./fit-to-dictionary.js";
import type { SampleLead } from "./sample-lead.js";

const dayMs = 86_400_000;
const firstNames = [
  "Ana",
  "Ben",
  "Chloe",
  "Dev",
  "Elena",
  "Felix",
  "Grace",
  "Hiro",
  "Ines",
  "Jonas",
  "Kara",
  "Luca",
  "Mei",
  "Noor",
  "Omar",
  "Priya",
  "Quinn",
  "Rosa",
  "Sven",
  "Tara",
  "Umar",
  "Vera",
  "Wen",
  "Yara",
  "Zane",
];
const lastNames = [
  "Smith",
  "Garcia",
  "Müller",
  "Rossi",
  "Tanaka",
  "Okafor",
  "Nguyen",
  "Kowalski",
  "Dubois",
  "Jansen",
  "Silva",
  "Patel",
  "O'Neil",
  "Berg",
  "Cohen",
  "Lopez",
  "Kim",
  "Novak",
  "Schmidt",
  "Walsh",
];
const companies = [
  "Acme Logistics",
  "Globex",
  "Initech",
  "Umbrella Health",
  "Stark Manufacturing",
  "Wayne Financial",
  "Hooli",
  "Vandelay Retail",
  "Soylent Foods",
  "Tyrell Systems",
  "Cyberdyne",
  "Wonka Media",
  "Pied Piper",
  "Aperture Labs",
  "Oscorp",
  "Gringotts Bank",
  "Monarch Insurance",
  "Nakatomi Trading",
  "Duff Beverages",
  "Kruger Industrial",
];
const titles: [string, string, string][] = [
  ["Chief Data Officer", "c-level", "executive"],
  ["VP of Data Platform", "vp", "data"],
  ["VP Engineering", "vp", "engineering"],
  ["Director of Analytics", "director", "data"],
  ["Head of Data", "director", "data"],
  ["IT Director", "director", "it"],
  ["Analytics Manager", "manager", "data"],
  ["Marketing Manager", "manager", "marketing"],
  ["Senior Data Engineer", "individual", "engineering"],
  ["Data Analyst", "individual", "data"],
  ["Sales Operations Analyst", "individual", "sales"],
  ["Finance Manager", "manager", "finance"],
  ["Operations Lead", "individual", "operations"],
  ["Data Science Intern", "intern", "data"],
  ["MSc Student", "intern", "student"],
];
const countries: [string, number][] = [
  ["US", 40],
  ["CA", 5],
  ["MX", 2],
  ["BR", 3],
  ["GB", 12],
  ["IE", 2],
  ["DE", 8],
  ["FR", 5],
  ["NL", 3],
  ["ES", 2],
  ["IT", 2],
  ["SE", 2],
  ["PL", 1],
  ["CH", 1],
  ["AU", 4],
  ["JP", 2],
  ["SG", 2],
  ["IN", 4],
];
const usStates = ["CA", "NY", "TX", "WA", "MA", "IL", "FL", "CO", "GA", "CA"];

interface Scenario {
  name: string;
  apply(lead: SampleLead, ctx: { asOfMs: number; iso: (ms: number) => string }): void;
}

/** Hand-made edge cases, each guaranteed to appear in the corpus. */
const scenarios: Scenario[] = [
  { name: "unsubscribed", apply: (l, c) => Object.assign(l, { unsubscribed: true, optOutAt: c.iso(c.asOfMs - 20 * dayMs) }) },
  { name: "eu-no-consent", apply: (l) => Object.assign(l, { country: "DE", stateCode: null, consentStatus: "not-asked" }) },
  {
    name: "eu-opted-out",
    apply: (l, c) => Object.assign(l, { country: "FR", stateCode: null, consentStatus: "denied", optOutAt: c.iso(c.asOfMs - 40 * dayMs) }),
  },
  {
    name: "california-opted-out",
    apply: (l, c) => Object.assign(l, { country: "US", stateCode: "CA", unsubscribed: true, optOutAt: c.iso(c.asOfMs - 50 * dayMs) }),
  },
  {
    name: "us-holiday-arrival",
    apply: (l) =>
      Object.assign(l, {
        country: "US",
        stateCode: "NY",
        demoRequested: true,
        employees: 450,
        seniority: "director",
        jobFunction: "data",
        createdAt: "2026-05-25T15:00:00.000Z",
        lifecycleStage: "lead",
      }),
  },
  {
    name: "uk-holiday-arrival",
    apply: (l) =>
      Object.assign(l, {
        country: "GB",
        stateCode: null,
        demoRequested: true,
        trialStarted: true,
        seniority: "vp",
        jobFunction: "data",
        employees: 800,
        createdAt: "2026-05-04T10:00:00.000Z",
        lifecycleStage: "lead",
      }),
  },
  {
    name: "weekend-arrival",
    apply: (l) =>
      Object.assign(l, {
        country: "US",
        stateCode: "TX",
        demoRequested: true,
        pricingPageVisits: 4,
        seniority: "vp",
        jobFunction: "engineering",
        employees: 600,
        createdAt: "2026-05-30T18:30:00.000Z",
        lifecycleStage: "lead",
      }),
  },
  {
    name: "dst-change-arrival",
    apply: (l) =>
      Object.assign(l, {
        country: "GB",
        stateCode: null,
        demoRequested: true,
        trialStarted: true,
        seniority: "director",
        jobFunction: "data",
        employees: 300,
        createdAt: "2026-03-27T15:00:00.000Z",
        lifecycleStage: "lead",
      }),
  },
  {
    name: "enterprise-demo",
    apply: (l, c) =>
      Object.assign(l, {
        country: "US",
        stateCode: "MA",
        demoRequested: true,
        employees: 5000,
        namedAccount: false,
        isCustomer: false,
        leadSource: "demo-request",
        seniority: "vp",
        jobFunction: "data",
        lastActivityAt: c.iso(c.asOfMs - 2 * dayMs),
        lifecycleStage: "lead",
      }),
  },
  { name: "named-account", apply: (l) => Object.assign(l, { namedAccount: true, isCustomer: false, accountTier: "strategic" }) },
  { name: "partner-referral", apply: (l) => Object.assign(l, { leadSource: "partner-referral", namedAccount: false, isCustomer: false }) },
  { name: "existing-customer", apply: (l) => Object.assign(l, { isCustomer: true }) },
  { name: "employee", apply: (l) => Object.assign(l, { leadSource: "employee", email: "test.user@northwind.example" }) },
  { name: "purchased-list", apply: (l) => Object.assign(l, { leadSource: "purchased-list" }) },
  { name: "legal-hold", apply: (l) => Object.assign(l, { legalHold: true }) },
  { name: "bounced", apply: (l) => Object.assign(l, { emailBounced: true }) },
  {
    name: "inactive-mql",
    apply: (l, c) =>
      Object.assign(l, {
        lifecycleStage: "mql",
        lastActivityAt: c.iso(c.asOfMs - 120 * dayMs),
        stageEnteredAt: c.iso(c.asOfMs - 130 * dayMs),
      }),
  },
  {
    name: "disposition-overdue",
    apply: (l, c) =>
      Object.assign(l, {
        lifecycleStage: "recycled",
        stageEnteredAt: c.iso(c.asOfMs - 5 * dayMs),
        dispositionCode: null,
        dispositionAt: null,
      }),
  },
  {
    name: "sal-no-budget",
    apply: (l, c) =>
      Object.assign(l, {
        lifecycleStage: "sal",
        dispositionCode: "no-budget",
        dispositionAt: c.iso(c.asOfMs - 20 * dayMs),
        lastActivityAt: c.iso(c.asOfMs - 30 * dayMs),
        emailBounced: false,
      }),
  },
  { name: "student", apply: (l) => Object.assign(l, { jobFunction: "student", seniority: "intern", title: "MSc Student" }) },
  {
    name: "personal-email",
    apply: (l) =>
      Object.assign(l, {
        email: `${String(l.firstName ?? "lead").toLowerCase()}.${Math.floor(Number(String(l.leadId).length) * 7)}@gmail.com`,
      }),
  },
  {
    name: "sql-trial",
    apply: (l, c) =>
      Object.assign(l, {
        lifecycleStage: "sql",
        convertedOpportunityId: "006Q000000Xy1",
        trialStarted: true,
        lastActivityAt: c.iso(c.asOfMs - 3 * dayMs),
      }),
  },
  { name: "opportunity-won", apply: (l) => Object.assign(l, { lifecycleStage: "opportunity", isCustomer: true }) },
  {
    name: "apac-mql",
    apply: (l, c) =>
      Object.assign(l, {
        country: "SG",
        stateCode: null,
        demoRequested: true,
        trialStarted: true,
        seniority: "director",
        jobFunction: "data",
        employees: 700,
        lastActivityAt: c.iso(c.asOfMs - 1 * dayMs),
        lifecycleStage: "lead",
        namedAccount: false,
        isCustomer: false,
        leadSource: "webinar",
      }),
  },
];

export interface SampleOptions {
  count: number;
  seed: number;
  /** Dates are generated relative to this time. */
  asOf: string;
}

export function generateLeads(dictionary: DictionarySpec, options: SampleOptions): SampleLead[] {
  return [...generateLeadStream(dictionary, options)];
}

/** The same leads one at a time, so `sample` writes any count in bounded memory. */
export function* generateLeadStream(dictionary: DictionarySpec, options: SampleOptions): Generator<SampleLead> {
  const random = seededRandom(options.seed);
  const asOfMs = readAsOf(options.asOf);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (p: number) => random() < p;
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const weighted = <T>(items: readonly [T, number][]): T => {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = random() * total;
    for (const [item, w] of items) if ((r -= w) < 0) return item;
    return items[items.length - 1]![0];
  };
  const iso = (ms: number) => new Date(Math.floor(ms / 60_000) * 60_000).toISOString();
  const fit = fitToDictionary(dictionary, { random, asOfMs });
  for (let n = 0; n < options.count; n++) {
    const [title, seniority, jobFunction] = pick(titles);
    const first = pick(firstNames);
    const last = pick(lastNames);
    const company = pick(companies);
    const domain = company.toLowerCase().replace(/[^a-z]+/g, "") + ".example";
    const country = weighted(countries);
    const createdMs = asOfMs - int(1, 420) * dayMs - int(0, 86_399) * 1000;
    const lastActivityMs = Math.min(asOfMs - 3_600_000, createdMs + int(0, 400) * dayMs);
    const employees = weighted<number>([
      [int(2, 19), 10],
      [int(20, 199), 30],
      [int(200, 999), 30],
      [int(1000, 20000), 30],
    ]);
    const stage = weighted<string>([
      ["subscriber", 15],
      ["lead", 40],
      ["mql", 12],
      ["sal", 10],
      ["sql", 6],
      ["opportunity", 5],
      ["customer", 3],
      ["recycled", 6],
      ["disqualified", 3],
    ]);
    const lead: SampleLead = {
      leadId: `00Q${String(100000 + n)}${"ABCDEFGHJK"[n % 10]}`,
      email: `${first.toLowerCase()}.${last.toLowerCase().replace(/[^a-z]/g, "")}@${domain}`,
      firstName: first,
      lastName: last,
      phone: chance(0.7) ? `+1 555 ${String(int(1000000, 9999999))}` : null,
      title,
      jobFunction,
      seniority,
      country,
      stateCode: country === "US" ? pick(usStates) : country === "CA" ? pick(["ON", "BC", "QC"]) : null,
      leadSource: weighted<string>([
        ["web-form", 25],
        ["demo-request", 10],
        ["webinar", 15],
        ["content-syndication", 15],
        ["trade-show", 8],
        ["partner-referral", 5],
        ["purchased-list", 3],
        ["outbound", 10],
        ["chat", 5],
        ["product-signup", 8],
      ]),
      createdAt: iso(createdMs),
      lastActivityAt: iso(lastActivityMs),
      lifecycleStage: stage,
      stageEnteredAt: iso(Math.min(lastActivityMs, createdMs + int(0, 60) * dayMs)),
      unsubscribed: chance(0.06),
      consentStatus: ["GB", "IE", "DE", "FR", "NL", "ES", "IT", "SE", "PL", "CH"].includes(country)
        ? weighted<string>([
            ["granted", 70],
            ["not-asked", 20],
            ["denied", 10],
          ])
        : pick(["granted", "not-asked"]),
      optOutAt: null,
      emailBounced: chance(0.03),
      webinarsAttended: weighted<number>([
        [0, 50],
        [1, 25],
        [2, 12],
        [int(3, 6), 13],
      ]),
      pricingPageVisits: weighted<number>([
        [0, 55],
        [int(1, 2), 25],
        [int(3, 9), 20],
      ]),
      demoRequested: chance(0.18),
      contentDownloads: weighted<number>([
        [0, 35],
        [1, 30],
        [int(2, 8), 35],
      ]),
      emailClicks: int(0, 14),
      trialStarted: chance(0.15),
      convertedOpportunityId: stage === "opportunity" || stage === "customer" ? `006Q${String(int(100000, 999999))}` : null,
      dispositionCode:
        stage === "recycled"
          ? pick(["no-budget", "bad-timing", "unresponsive"])
          : stage === "disqualified"
            ? pick(["bad-data", "not-a-fit", "duplicate"])
            : null,
      dispositionAt: null,
      legalHold: false,
      ownerId:
        ["sal", "sql", "opportunity", "customer"].includes(stage) || chance(0.2)
          ? pick(["ava.johnson", "ben.okafor", "hannah.weber", "priya.nair"])
          : null,
      productInterest: [
        ...new Set([
          pick(["analytics", "pipelines", "governance", "embedded"]),
          ...(chance(0.4) ? [pick(["analytics", "pipelines", "governance", "embedded"])] : []),
        ]),
      ].sort(),
      company,
      companyDomain: domain,
      employees,
      annualRevenue: Math.round(employees * int(80, 400)) * 1000,
      industry: pick([
        "software",
        "financial-services",
        "healthcare",
        "manufacturing",
        "retail",
        "education",
        "government",
        "media",
        "other",
      ]),
      accountTier: employees >= 5000 ? "strategic" : employees >= 1000 ? "enterprise" : employees >= 200 ? "commercial" : "smb",
      namedAccount: chance(0.05),
      isCustomer: stage === "customer" || chance(0.03),
      techStack: [
        ...new Set(
          Array.from({ length: int(0, 3) }, () =>
            pick(["snowflake", "databricks", "bigquery", "redshift", "salesforce", "hubspot", "tableau", "looker"]),
          ),
        ),
      ].sort(),
    };
    if (lead.unsubscribed) lead.optOutAt = iso(lastActivityMs);
    if (lead.dispositionCode) lead.dispositionAt = iso(Date.parse(String(lead.stageEnteredAt)) + int(1, 70) * 3_600_000);
    // Every tenth lead is a hand-made edge case; enterprise demo requests repeat to overflow AE capacity.
    if (n % 10 === 9) scenarios[Math.floor(n / 10) % scenarios.length]!.apply(lead, { asOfMs, iso });
    else if (n % 50 === 24) scenarios.find((s) => s.name === "enterprise-demo")!.apply(lead, { asOfMs, iso });
    yield fit(lead, n);
  }
}
