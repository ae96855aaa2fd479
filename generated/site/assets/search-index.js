/* generated from policies/content-approval.yaml, policies/data-dictionary.yaml, policies/lifecycle.yaml, policies/nurture-programs.yaml, policies/retention-schedule.yaml, policies/routing.yaml, policies/scoring-model.yaml by leadrules docs; do not edit */
window.LEADRULES_SEARCH_INDEX = [
 {
  "kind": "field",
  "id": "leadId",
  "title": "Lead ID",
  "text": "Salesforce record id of the lead; the key every system joins on. · string · PII: none · salesforce: Lead.Id · hubspot: salesforce_lead_id · sfdc-report: Lead ID",
  "href": "data-dictionary.html#field-leadid"
 },
 {
  "kind": "field",
  "id": "email",
  "title": "Email",
  "text": "Business email address the lead gave; identifies the person. · email · PII: personal · salesforce: Lead.Email · hubspot: email · sfdc-report: Email",
  "href": "data-dictionary.html#field-email"
 },
 {
  "kind": "field",
  "id": "firstName",
  "title": "First name",
  "text": "Given name. · string · PII: personal · salesforce: Lead.FirstName · hubspot: firstname · sfdc-report: First Name",
  "href": "data-dictionary.html#field-firstname"
 },
 {
  "kind": "field",
  "id": "lastName",
  "title": "Last name",
  "text": "Family name. · string · PII: personal · salesforce: Lead.LastName · hubspot: lastname · sfdc-report: Last Name",
  "href": "data-dictionary.html#field-lastname"
 },
 {
  "kind": "field",
  "id": "phone",
  "title": "Phone",
  "text": "Direct or mobile phone number, E.164 where known. · string · PII: personal · salesforce: Lead.Phone · hubspot: phone · sfdc-report: Phone",
  "href": "data-dictionary.html#field-phone"
 },
 {
  "kind": "field",
  "id": "title",
  "title": "Job title",
  "text": "Job title as typed by the lead or enriched; read by seniority rules. · string · PII: personal · salesforce: Lead.Title · hubspot: jobtitle · sfdc-report: Title",
  "href": "data-dictionary.html#field-title"
 },
 {
  "kind": "field",
  "id": "jobFunction",
  "title": "Job function",
  "text": "Department the lead works in, normalised from title by enrichment. · picklist · PII: none · value: data (Data \u0026 Analytics) · value: engineering (Engineering) · value: it (IT) · value: marketing (Marketing) · value: sales (Sales) · value: finance (Finance) · value: operations (Operations) · value: executive (Executive) · value: student (Student) · value: other (Other) · salesforce: Lead.Job_Function__c · hubspot: job_function · sfdc-report: Job Function",
  "href": "data-dictionary.html#field-jobfunction"
 },
 {
  "kind": "field",
  "id": "seniority",
  "title": "Seniority",
  "text": "Seniority level derived from title. · picklist · PII: none · value: c-level (C-Level) · value: vp (VP) · value: director (Director) · value: manager (Manager) · value: individual (Individual Contributor) · value: intern (Intern) · salesforce: Lead.Seniority__c · hubspot: seniority · sfdc-report: Seniority",
  "href": "data-dictionary.html#field-seniority"
 },
 {
  "kind": "field",
  "id": "country",
  "title": "Country",
  "text": "ISO 3166-1 alpha-2 country of the lead's business address; drives routing and retention. · picklist · PII: none · value: US (United States) · value: CA (Canada) · value: MX (Mexico) · value: BR (Brazil) · value: GB (United Kingdom) · value: IE (Ireland) · value: DE (Germany) · value: FR (France) · value: NL (Netherlands) · value: ES (Spain) · value: IT (Italy) · value: SE (Sweden) · value: PL (Poland) · value: CH (Switzerland) · value: AU (Australia) · value: JP (Japan) · value: SG (Singapore) · value: IN (India) · salesforce: Lead.CountryCode · hubspot: country_code · sfdc-report: Country",
  "href": "data-dictionary.html#field-country"
 },
 {
  "kind": "field",
  "id": "stateCode",
  "title": "State / province",
  "text": "State or province code (e.g. CA for California); decides CCPA retention. · string, read in upper case · PII: none · salesforce: Lead.StateCode · hubspot: state · sfdc-report: State/Province",
  "href": "data-dictionary.html#field-statecode"
 },
 {
  "kind": "field",
  "id": "leadSource",
  "title": "Lead source",
  "text": "First-touch channel that created the lead. · picklist · PII: none · value: web-form (Web Form) · value: demo-request (Demo Request) · value: webinar (Webinar) · value: content-syndication (Content Syndication) · value: trade-show (Trade Show) · value: partner-referral (Partner Referral) · value: purchased-list (Purchased List) · value: outbound (Outbound) · value: chat (Chat) · value: product-signup (Product Sign-up) · value: employee (Employee) · salesforce: Lead.LeadSource · hubspot: hs_analytics_source · sfdc-report: Lead Source",
  "href": "data-dictionary.html#field-leadsource"
 },
 {
  "kind": "field",
  "id": "createdAt",
  "title": "Created at",
  "text": "When the lead record was created; routing SLAs count from here. · datetime · PII: none · salesforce: Lead.CreatedDate · hubspot: createdate · sfdc-report: Create Date",
  "href": "data-dictionary.html#field-createdat"
 },
 {
  "kind": "field",
  "id": "lastActivityAt",
  "title": "Last activity at",
  "text": "Last engagement (email click, visit, form, meeting); drives decay, recycling and retention. · datetime · PII: none · salesforce: Lead.Last_Activity__c · hubspot: notes_last_updated · sfdc-report: Last Activity",
  "href": "data-dictionary.html#field-lastactivityat"
 },
 {
  "kind": "field",
  "id": "lifecycleStage",
  "title": "Lifecycle stage",
  "text": "Funnel stage recorded in the CRM. · picklist · PII: none · value: subscriber (Subscriber) · value: lead (Lead) · value: mql (Marketing Qualified Lead) · value: sal (Sales Accepted Lead) · value: sql (Sales Qualified Lead) · value: opportunity (Opportunity) · value: customer (Customer) · value: recycled (Recycled) · value: disqualified (Disqualified) · salesforce: Lead.Lifecycle_Stage__c · hubspot: lifecyclestage · sfdc-report: Lifecycle Stage",
  "href": "data-dictionary.html#field-lifecyclestage"
 },
 {
  "kind": "field",
  "id": "stageEnteredAt",
  "title": "Stage entered at",
  "text": "When the lead entered its current stage; used for aging and disposition deadlines. · datetime · PII: none · salesforce: Lead.Stage_Entered__c · hubspot: hs_lifecyclestage_date · sfdc-report: Stage Date",
  "href": "data-dictionary.html#field-stageenteredat"
 },
 {
  "kind": "field",
  "id": "unsubscribed",
  "title": "Unsubscribed",
  "text": "The lead opted out of marketing email. · boolean · PII: none · salesforce: Lead.HasOptedOutOfEmail · hubspot: hs_email_optout · sfdc-report: Email Opt Out",
  "href": "data-dictionary.html#field-unsubscribed"
 },
 {
  "kind": "field",
  "id": "consentStatus",
  "title": "Consent status",
  "text": "Marketing consent captured under GDPR/UK GDPR. · picklist · PII: none · value: granted (Granted) · value: denied (Denied) · value: not-asked (Not Asked) · salesforce: Lead.Consent_Status__c · hubspot: hs_legal_basis · sfdc-report: Consent",
  "href": "data-dictionary.html#field-consentstatus"
 },
 {
  "kind": "field",
  "id": "optOutAt",
  "title": "Opted out at",
  "text": "When the lead withdrew consent or unsubscribed. · datetime · PII: none · salesforce: Lead.Opt_Out_Date__c · hubspot: hs_email_optout_date · sfdc-report: Opt Out Date",
  "href": "data-dictionary.html#field-optoutat"
 },
 {
  "kind": "field",
  "id": "emailBounced",
  "title": "Email bounced",
  "text": "The email address hard-bounced. · boolean · PII: none · salesforce: Lead.EmailBouncedReason · hubspot: hs_email_hard_bounce_reason · sfdc-report: Email Bounced",
  "href": "data-dictionary.html#field-emailbounced"
 },
 {
  "kind": "field",
  "id": "webinarsAttended",
  "title": "Webinars attended",
  "text": "Live webinars attended in the last 12 months. · integer, at least 0 · PII: none · salesforce: Lead.Webinars_Attended__c · hubspot: webinars_attended · sfdc-report: Webinars Attended",
  "href": "data-dictionary.html#field-webinarsattended"
 },
 {
  "kind": "field",
  "id": "pricingPageVisits",
  "title": "Pricing page visits",
  "text": "Visits to the pricing page in the last 30 days. · integer, at least 0 · PII: none · salesforce: Lead.Pricing_Visits__c · hubspot: pricing_page_visits · sfdc-report: Pricing Visits",
  "href": "data-dictionary.html#field-pricingpagevisits"
 },
 {
  "kind": "field",
  "id": "demoRequested",
  "title": "Demo requested",
  "text": "The lead asked for a demo. · boolean · PII: none · salesforce: Lead.Demo_Requested__c · hubspot: demo_requested · sfdc-report: Demo Requested",
  "href": "data-dictionary.html#field-demorequested"
 },
 {
  "kind": "field",
  "id": "contentDownloads",
  "title": "Content downloads",
  "text": "Gated assets downloaded in the last 90 days. · integer, at least 0 · PII: none · salesforce: Lead.Content_Downloads__c · hubspot: content_downloads · sfdc-report: Downloads",
  "href": "data-dictionary.html#field-contentdownloads"
 },
 {
  "kind": "field",
  "id": "emailClicks",
  "title": "Email clicks",
  "text": "Marketing email clicks in the last 90 days. · integer, at least 0 · PII: none · salesforce: Lead.Email_Clicks__c · hubspot: hs_email_click · sfdc-report: Email Clicks",
  "href": "data-dictionary.html#field-emailclicks"
 },
 {
  "kind": "field",
  "id": "trialStarted",
  "title": "Trial started",
  "text": "The lead started a product trial. · boolean · PII: none · salesforce: Lead.Trial_Started__c · hubspot: trial_started · sfdc-report: Trial Started",
  "href": "data-dictionary.html#field-trialstarted"
 },
 {
  "kind": "field",
  "id": "convertedOpportunityId",
  "title": "Converted opportunity",
  "text": "Id of the opportunity the lead was converted into, when sales opened one. · string · PII: none · salesforce: Lead.ConvertedOpportunityId · hubspot: salesforce_opportunity_id · sfdc-report: Converted Opportunity",
  "href": "data-dictionary.html#field-convertedopportunityid"
 },
 {
  "kind": "field",
  "id": "dispositionCode",
  "title": "Disposition code",
  "text": "Why sales recycled or disqualified the lead. · picklist · PII: none · value: no-budget (No Budget) · value: no-authority (No Authority) · value: no-need (No Need) · value: bad-timing (Bad Timing) · value: competitor (Chose Competitor) · value: bad-data (Bad Contact Data) · value: duplicate (Duplicate) · value: not-a-fit (Not a Fit) · value: unresponsive (Unresponsive) · salesforce: Lead.Disposition__c · hubspot: disposition · sfdc-report: Disposition",
  "href": "data-dictionary.html#field-dispositioncode"
 },
 {
  "kind": "field",
  "id": "dispositionAt",
  "title": "Disposition at",
  "text": "When the disposition code was logged. · datetime · PII: none · salesforce: Lead.Disposition_Date__c · hubspot: disposition_date · sfdc-report: Disposition Date",
  "href": "data-dictionary.html#field-dispositionat"
 },
 {
  "kind": "field",
  "id": "legalHold",
  "title": "Legal hold",
  "text": "Legal placed the record on hold; it must not be deleted. · boolean · PII: none · salesforce: Lead.Legal_Hold__c · hubspot: legal_hold · sfdc-report: Legal Hold",
  "href": "data-dictionary.html#field-legalhold"
 },
 {
  "kind": "field",
  "id": "ownerId",
  "title": "Owner",
  "text": "User the CRM assigned the lead to. · string · PII: personal · salesforce: Lead.OwnerId · hubspot: hubspot_owner_id · sfdc-report: Lead Owner",
  "href": "data-dictionary.html#field-ownerid"
 },
 {
  "kind": "field",
  "id": "crmScore",
  "title": "CRM lead score",
  "text": "Lead score as computed by the production scoring in HubSpot; audited against the policy. · integer · PII: none · salesforce: Lead.Lead_Score__c · hubspot: hubspotscore · sfdc-report: Lead Score",
  "href": "data-dictionary.html#field-crmscore"
 },
 {
  "kind": "field",
  "id": "crmGrade",
  "title": "CRM lead grade",
  "text": "Grade as computed by production; audited against the policy. · picklist · PII: none · value: A · value: B · value: C · value: D · salesforce: Lead.Lead_Grade__c · hubspot: lead_grade · sfdc-report: Lead Grade",
  "href": "data-dictionary.html#field-crmgrade"
 },
 {
  "kind": "field",
  "id": "crmQueue",
  "title": "CRM queue",
  "text": "Queue the production assignment rules put the lead in. · string · PII: none · salesforce: Lead.Queue__c · hubspot: crm_queue · sfdc-report: Queue",
  "href": "data-dictionary.html#field-crmqueue"
 },
 {
  "kind": "field",
  "id": "assignedAt",
  "title": "Assigned at",
  "text": "When production assigned the lead to its owner. · datetime · PII: none · salesforce: Lead.Assigned_At__c · hubspot: hubspot_owner_assigneddate · sfdc-report: Assigned Date",
  "href": "data-dictionary.html#field-assignedat"
 },
 {
  "kind": "field",
  "id": "firstTouchAt",
  "title": "First touch at",
  "text": "When sales first called or personally emailed the lead. · datetime · PII: none · salesforce: Lead.First_Touch__c · hubspot: first_touch_date · sfdc-report: First Touch",
  "href": "data-dictionary.html#field-firsttouchat"
 },
 {
  "kind": "field",
  "id": "productInterest",
  "title": "Product interest",
  "text": "Products the lead showed interest in. · multipicklist · PII: none · value: analytics (Analytics) · value: pipelines (Pipelines) · value: governance (Governance) · value: embedded (Embedded BI) · salesforce: Lead.Product_Interest__c · hubspot: product_interest · sfdc-report: Product Interest",
  "href": "data-dictionary.html#field-productinterest"
 },
 {
  "kind": "field",
  "id": "company",
  "title": "Company",
  "text": "Company name. · string · PII: none · salesforce: Lead.Company · hubspot: company · sfdc-report: Company / Account",
  "href": "data-dictionary.html#field-company"
 },
 {
  "kind": "field",
  "id": "companyDomain",
  "title": "Company domain",
  "text": "Website domain of the company, lower-case, no www. · string · PII: none · salesforce: Lead.Website · hubspot: domain · sfdc-report: Website",
  "href": "data-dictionary.html#field-companydomain"
 },
 {
  "kind": "field",
  "id": "employees",
  "title": "Employees",
  "text": "Number of employees (enriched). · integer, at least 0 · PII: none · salesforce: Lead.NumberOfEmployees · hubspot: numberofemployees · sfdc-report: No. of Employees",
  "href": "data-dictionary.html#field-employees"
 },
 {
  "kind": "field",
  "id": "annualRevenue",
  "title": "Annual revenue",
  "text": "Annual revenue in USD (enriched). · number · PII: none · salesforce: Lead.AnnualRevenue · hubspot: annualrevenue · sfdc-report: Annual Revenue",
  "href": "data-dictionary.html#field-annualrevenue"
 },
 {
  "kind": "field",
  "id": "industry",
  "title": "Industry",
  "text": "Industry of the company. · picklist · PII: none · value: software (Software) · value: financial-services (Financial Services) · value: healthcare (Healthcare) · value: manufacturing (Manufacturing) · value: retail (Retail) · value: education (Education) · value: government (Government) · value: media (Media) · value: other (Other) · salesforce: Lead.Industry · hubspot: industry · sfdc-report: Industry",
  "href": "data-dictionary.html#field-industry"
 },
 {
  "kind": "field",
  "id": "accountTier",
  "title": "Account tier",
  "text": "Sales segment of the matched account. · picklist · PII: none · value: strategic (Strategic) · value: enterprise (Enterprise) · value: commercial (Commercial) · value: smb (SMB) · salesforce: Account.Tier__c · hubspot: account_tier · sfdc-report: Account Tier",
  "href": "data-dictionary.html#field-accounttier"
 },
 {
  "kind": "field",
  "id": "namedAccount",
  "title": "Named account",
  "text": "The matched account is on the ABM named-account list. · boolean · PII: none · salesforce: Account.Named_Account__c · hubspot: named_account · sfdc-report: Named Account",
  "href": "data-dictionary.html#field-namedaccount"
 },
 {
  "kind": "field",
  "id": "isCustomer",
  "title": "Is customer",
  "text": "The matched account has an active contract. · boolean · PII: none · salesforce: Account.Is_Customer__c · hubspot: is_customer · sfdc-report: Customer",
  "href": "data-dictionary.html#field-iscustomer"
 },
 {
  "kind": "field",
  "id": "techStack",
  "title": "Tech stack",
  "text": "Technologies the company uses (enriched). · multipicklist · PII: none · value: snowflake (Snowflake) · value: databricks (Databricks) · value: bigquery (BigQuery) · value: redshift (Redshift) · value: salesforce (Salesforce) · value: hubspot (HubSpot) · value: tableau (Tableau) · value: looker (Looker) · salesforce: Account.Tech_Stack__c · hubspot: tech_stack · sfdc-report: Tech Stack",
  "href": "data-dictionary.html#field-techstack"
 },
 {
  "kind": "system",
  "id": "salesforce",
  "title": "Salesforce Sales Cloud",
  "text": "crm Lead.Id Id Lead.Email Email Lead.FirstName FirstName Lead.LastName LastName Lead.Phone Phone Lead.Title Title Lead.Job_Function__c Job_Function__c Lead.Seniority__c Seniority__c Lead.CountryCode CountryCode Lead.StateCode StateCode Lead.LeadSource LeadSource Lead.CreatedDate CreatedDate Lead.Last_Activity__c Last_Activity__c Lead.Lifecycle_Stage__c Lifecycle_Stage__c Lead.Stage_Entered__c Stage_Entered__c Lead.HasOptedOutOfEmail HasOptedOutOfEmail Lead.Consent_Status__c Consent_Status__c Lead.Opt_Out_Date__c Opt_Out_Date__c Lead.EmailBouncedReason EmailBouncedReason Lead.Webinars_Attended__c Webinars_Attended__c Lead.Pricing_Visits__c Pricing_Visits__c Lead.Demo_Requested__c Demo_Requested__c Lead.Content_Downloads__c Content_Downloads__c Lead.Email_Clicks__c Email_Clicks__c Lead.Trial_Started__c Trial_Started__c Lead.ConvertedOpportunityId ConvertedOpportunityId Lead.Disposition__c Disposition__c Lead.Disposition_Date__c Disposition_Date__c Lead.Legal_Hold__c Legal_Hold__c Lead.OwnerId OwnerId Lead.Lead_Score__c Lead_Score__c Lead.Lead_Grade__c Lead_Grade__c Lead.Queue__c Queue__c Lead.Assigned_At__c Assigned_At__c Lead.First_Touch__c First_Touch__c Lead.Product_Interest__c Product_Interest__c Lead.Company Company Lead.Website Website Lead.NumberOfEmployees NumberOfEmployees Lead.AnnualRevenue AnnualRevenue Lead.Industry Industry Account.Tier__c Tier__c Account.Named_Account__c Named_Account__c Account.Is_Customer__c Is_Customer__c Account.Tech_Stack__c Tech_Stack__c",
  "href": "systems.html#system-salesforce"
 },
 {
  "kind": "system",
  "id": "hubspot",
  "title": "HubSpot Marketing Hub",
  "text": "marketing-automation salesforce_lead_id Salesforce Lead ID email Email firstname First Name lastname Last Name phone Phone Number jobtitle Job Title job_function Job Function seniority Seniority country_code Country Code state State/Region hs_analytics_source Original Source createdate Create Date notes_last_updated Last Activity Date lifecyclestage Lifecycle Stage hs_lifecyclestage_date Lifecycle Stage Date hs_email_optout Unsubscribed from all email hs_legal_basis Legal basis for processing contact's data hs_email_optout_date Opted Out Date hs_email_hard_bounce_reason Email hard bounce reason webinars_attended Webinars Attended pricing_page_visits Pricing Page Visits demo_requested Demo Requested content_downloads Content Downloads hs_email_click Marketing emails clicked trial_started Trial Started salesforce_opportunity_id Salesforce Opportunity ID disposition Disposition disposition_date Disposition Date legal_hold Legal Hold hubspot_owner_id Contact owner hubspotscore HubSpot Score lead_grade Lead Grade crm_queue CRM Queue hubspot_owner_assigneddate Owner Assigned Date first_touch_date First Touch Date product_interest Product Interest company Company Name domain Company Domain Name numberofemployees Number of Employees annualrevenue Annual Revenue industry Industry account_tier Account Tier named_account Named Account is_customer Is Customer tech_stack Tech Stack",
  "href": "systems.html#system-hubspot"
 },
 {
  "kind": "system",
  "id": "sfdc-report",
  "title": "Salesforce weekly lead report (CSV)",
  "text": "file Lead ID Email First Name Last Name Phone Title Job Function Seniority Country State/Province Lead Source Create Date Last Activity Lifecycle Stage Stage Date Email Opt Out Consent Opt Out Date Email Bounced Webinars Attended Pricing Visits Demo Requested Downloads Email Clicks Trial Started Converted Opportunity Disposition Disposition Date Legal Hold Lead Owner Lead Score Lead Grade Queue Assigned Date First Touch Product Interest Company / Account Company Website No. of Employees Annual Revenue Industry Account Tier Named Account Customer Tech Stack",
  "href": "systems.html#system-sfdc-report"
 },
 {
  "kind": "scoring rule",
  "id": "fit.seniority.c-level",
  "title": "C-level buyers sign the contract.",
  "text": "Seniority is c-level",
  "href": "scoring.html#rule-fit-seniority-c-level"
 },
 {
  "kind": "scoring rule",
  "id": "fit.seniority.vp",
  "title": "VPs own the data platform budget.",
  "text": "Seniority is vp",
  "href": "scoring.html#rule-fit-seniority-vp"
 },
 {
  "kind": "scoring rule",
  "id": "fit.seniority.director",
  "title": "Directors run the evaluation.",
  "text": "Seniority is director",
  "href": "scoring.html#rule-fit-seniority-director"
 },
 {
  "kind": "scoring rule",
  "id": "fit.seniority.manager",
  "title": "Managers influence the choice.",
  "text": "Seniority is manager",
  "href": "scoring.html#rule-fit-seniority-manager"
 },
 {
  "kind": "scoring rule",
  "id": "fit.seniority.intern",
  "title": "Interns rarely influence a purchase.",
  "text": "Seniority is intern",
  "href": "scoring.html#rule-fit-seniority-intern"
 },
 {
  "kind": "scoring rule",
  "id": "fit.function.data",
  "title": "Data, engineering and IT teams are our users.",
  "text": "Job function is one of data, engineering, it",
  "href": "scoring.html#rule-fit-function-data"
 },
 {
  "kind": "scoring rule",
  "id": "fit.function.student",
  "title": "Students download content for coursework.",
  "text": "Job function is student",
  "href": "scoring.html#rule-fit-function-student"
 },
 {
  "kind": "scoring rule",
  "id": "fit.title.data-leader",
  "title": "Titles naming a data leadership role, even when seniority enrichment failed.",
  "text": "Job title matches the pattern `(?i)\\b(chief data|head of data|data platform|analytics)\\b`",
  "href": "scoring.html#rule-fit-title-data-leader"
 },
 {
  "kind": "scoring rule",
  "id": "fit.email.personal",
  "title": "Personal mailboxes rarely belong to a buying team.",
  "text": "Email matches the pattern `(?i)@(gmail|yahoo|hotmail|outlook|icloud|proton)\\.`",
  "href": "scoring.html#rule-fit-email-personal"
 },
 {
  "kind": "scoring rule",
  "id": "fit.employees.enterprise",
  "title": "1,000+ employees is our enterprise segment.",
  "text": "Employees is at least 1000",
  "href": "scoring.html#rule-fit-employees-enterprise"
 },
 {
  "kind": "scoring rule",
  "id": "fit.employees.mid-market",
  "title": "200-999 employees is our mid-market segment.",
  "text": "Employees is at least 200 and Employees is less than 1000",
  "href": "scoring.html#rule-fit-employees-mid-market"
 },
 {
  "kind": "scoring rule",
  "id": "fit.employees.very-small",
  "title": "Under 20 employees cannot justify a platform.",
  "text": "Employees is less than 20",
  "href": "scoring.html#rule-fit-employees-very-small"
 },
 {
  "kind": "scoring rule",
  "id": "fit.industry.core",
  "title": "Industries with the most reference customers.",
  "text": "Industry is one of software, financial-services, healthcare",
  "href": "scoring.html#rule-fit-industry-core"
 },
 {
  "kind": "scoring rule",
  "id": "fit.country.served",
  "title": "Countries where we sell direct and have support coverage.",
  "text": "Country is one of US, CA, GB, IE, DE, FR, NL, SE, CH, AU, SG",
  "href": "scoring.html#rule-fit-country-served"
 },
 {
  "kind": "scoring rule",
  "id": "fit.tech.warehouse",
  "title": "A cloud warehouse in the stack means our pipelines product fits.",
  "text": "Tech stack includes snowflake or Tech stack includes databricks or Tech stack includes bigquery",
  "href": "scoring.html#rule-fit-tech-warehouse"
 },
 {
  "kind": "scoring rule",
  "id": "fit.account.named",
  "title": "ABM named accounts are pre-qualified by sales.",
  "text": "Named account is yes",
  "href": "scoring.html#rule-fit-account-named"
 },
 {
  "kind": "scoring rule",
  "id": "eng.demo-request",
  "title": "Asking for a demo is the strongest buying signal.",
  "text": "Demo requested is yes",
  "href": "scoring.html#rule-eng-demo-request"
 },
 {
  "kind": "scoring rule",
  "id": "eng.trial",
  "title": "Starting a trial.",
  "text": "Trial started is yes",
  "href": "scoring.html#rule-eng-trial"
 },
 {
  "kind": "scoring rule",
  "id": "eng.pricing.repeat",
  "title": "Three or more pricing page visits in 30 days.",
  "text": "Pricing page visits is at least 3",
  "href": "scoring.html#rule-eng-pricing-repeat"
 },
 {
  "kind": "scoring rule",
  "id": "eng.pricing.once",
  "title": "One or two pricing page visits in 30 days.",
  "text": "Pricing page visits is at least 1 and Pricing page visits is less than 3",
  "href": "scoring.html#rule-eng-pricing-once"
 },
 {
  "kind": "scoring rule",
  "id": "eng.webinar",
  "title": "Attended a live webinar.",
  "text": "Webinars attended is at least 1",
  "href": "scoring.html#rule-eng-webinar"
 },
 {
  "kind": "scoring rule",
  "id": "eng.webinar.series",
  "title": "Attended three or more webinars.",
  "text": "Webinars attended is at least 3",
  "href": "scoring.html#rule-eng-webinar-series"
 },
 {
  "kind": "scoring rule",
  "id": "eng.content.downloads",
  "title": "Downloaded two or more gated assets.",
  "text": "Content downloads is at least 2",
  "href": "scoring.html#rule-eng-content-downloads"
 },
 {
  "kind": "scoring rule",
  "id": "eng.email.clicks",
  "title": "Clicked five or more marketing emails.",
  "text": "Email clicks is at least 5",
  "href": "scoring.html#rule-eng-email-clicks"
 },
 {
  "kind": "scoring rule",
  "id": "eng.recent-activity",
  "title": "Active in the last 7 days.",
  "text": "Last activity at was at most 7 days ago",
  "href": "scoring.html#rule-eng-recent-activity"
 },
 {
  "kind": "scoring rule",
  "id": "eng.email.bounced",
  "title": "A hard bounce means we cannot reach the person.",
  "text": "Email bounced is yes",
  "href": "scoring.html#rule-eng-email-bounced"
 },
 {
  "kind": "threshold",
  "id": "mql",
  "title": "Marketing qualified lead; handed to sales development.",
  "text": "total at least 100 and fit at least 30",
  "href": "scoring.html#rule-mql"
 },
 {
  "kind": "exclusion",
  "id": "exclude.employee",
  "title": "Our own staff testing forms.",
  "text": "Lead source is employee",
  "href": "scoring.html#rule-exclude-employee"
 },
 {
  "kind": "exclusion",
  "id": "exclude.purchased-list",
  "title": "Purchased lists have no consent to be scored or contacted by sales.",
  "text": "Lead source is purchased-list",
  "href": "scoring.html#rule-exclude-purchased-list"
 },
 {
  "kind": "stage",
  "id": "subscriber",
  "title": "Subscriber",
  "text": "Signed up for the newsletter or blog; no buying signal yet.",
  "href": "lifecycle.html#stage-subscriber"
 },
 {
  "kind": "stage",
  "id": "lead",
  "title": "Lead",
  "text": "Gave us a business reason to talk (content, webinar, trial or demo).",
  "href": "lifecycle.html#stage-lead"
 },
 {
  "kind": "stage",
  "id": "mql",
  "title": "Marketing Qualified Lead",
  "text": "Reached the MQL threshold of the scoring model; waiting for sales to accept.",
  "href": "lifecycle.html#stage-mql"
 },
 {
  "kind": "stage",
  "id": "sal",
  "title": "Sales Accepted Lead",
  "text": "A rep owns the lead and a demo was requested; discovery under way.",
  "href": "lifecycle.html#stage-sal"
 },
 {
  "kind": "stage",
  "id": "sql",
  "title": "Sales Qualified Lead",
  "text": "Discovery confirmed fit and the lead is trialling the product.",
  "href": "lifecycle.html#stage-sql"
 },
 {
  "kind": "stage",
  "id": "opportunity",
  "title": "Opportunity",
  "text": "Converted to an opportunity in Salesforce.",
  "href": "lifecycle.html#stage-opportunity"
 },
 {
  "kind": "stage",
  "id": "customer",
  "title": "Customer",
  "text": "The account signed a contract.",
  "href": "lifecycle.html#stage-customer"
 },
 {
  "kind": "stage",
  "id": "recycled",
  "title": "Recycled",
  "text": "Not ready to buy now; back to marketing nurture.",
  "href": "lifecycle.html#stage-recycled"
 },
 {
  "kind": "stage",
  "id": "disqualified",
  "title": "Disqualified",
  "text": "Never a buyer (bad data, duplicate, not a fit).",
  "href": "lifecycle.html#stage-disqualified"
 },
 {
  "kind": "transition",
  "id": "subscriber-to-lead",
  "title": "Any business engagement turns a subscriber into a lead.",
  "text": "Demo requested is yes or Trial started is yes or Content downloads is at least 1 or Webinars attended is at least 1",
  "href": "lifecycle.html#rule-subscriber-to-lead"
 },
 {
  "kind": "transition",
  "id": "lead-to-mql",
  "title": "Reaching the MQL threshold.",
  "text": "MQL reached is yes",
  "href": "lifecycle.html#rule-lead-to-mql"
 },
 {
  "kind": "transition",
  "id": "recycled-to-mql",
  "title": "A recycled lead that re-engaged in the last 14 days and is back over the threshold.",
  "text": "MQL reached is yes and Last activity at was at most 14 days ago",
  "href": "lifecycle.html#rule-recycled-to-mql"
 },
 {
  "kind": "transition",
  "id": "mql-to-sal",
  "title": "A rep has been assigned and the lead asked for a demo.",
  "text": "Owner is filled in and Demo requested is yes",
  "href": "lifecycle.html#rule-mql-to-sal"
 },
 {
  "kind": "transition",
  "id": "sal-to-sql",
  "title": "The lead is trialling and fits our profile.",
  "text": "Trial started is yes and Fit score is at least 30",
  "href": "lifecycle.html#rule-sal-to-sql"
 },
 {
  "kind": "transition",
  "id": "sql-to-opportunity",
  "title": "Sales converted the lead into an opportunity.",
  "text": "Converted opportunity is filled in",
  "href": "lifecycle.html#rule-sql-to-opportunity"
 },
 {
  "kind": "transition",
  "id": "opportunity-to-customer",
  "title": "The account signed.",
  "text": "Is customer is yes",
  "href": "lifecycle.html#rule-opportunity-to-customer"
 },
 {
  "kind": "transition",
  "id": "disqualify",
  "title": "Bad data, duplicates and poor fits leave the funnel for good.",
  "text": "Email bounced is yes or Disposition code is one of bad-data, duplicate, not-a-fit",
  "href": "lifecycle.html#rule-disqualify"
 },
 {
  "kind": "transition",
  "id": "recycle-by-disposition",
  "title": "Sales logged a not-now reason and the lead has been quiet for more than 14 days.",
  "text": "Disposition code is one of no-budget, no-authority, no-need, bad-timing, competitor, unresponsive and Last activity at was more than 14 days ago",
  "href": "lifecycle.html#rule-recycle-by-disposition"
 },
 {
  "kind": "routing rule",
  "id": "route.closed",
  "title": "Disqualified leads are never worked by sales; marketing keeps them in nurture.",
  "text": "Stage is disqualified nurture",
  "href": "routing.html#rule-route-closed"
 },
 {
  "kind": "routing rule",
  "id": "route.existing-customer",
  "title": "People at existing customers belong to their account manager.",
  "text": "Is customer is yes account-management",
  "href": "routing.html#rule-route-existing-customer"
 },
 {
  "kind": "routing rule",
  "id": "route.named-account",
  "title": "ABM named accounts go to strategic AEs whatever their score.",
  "text": "Named account is yes strategic-ae",
  "href": "routing.html#rule-route-named-account"
 },
 {
  "kind": "routing rule",
  "id": "route.partner",
  "title": "Partner referrals are registered deals; the partner desk owns them.",
  "text": "Lead source is partner-referral partner-desk",
  "href": "routing.html#rule-route-partner"
 },
 {
  "kind": "routing rule",
  "id": "route.enterprise-demo.americas",
  "title": "Enterprise demo requests in the Americas skip the SDRs.",
  "text": "Demo requested is yes and Employees is at least 1000 and Country is one of US, CA, MX, BR enterprise-ae",
  "href": "routing.html#rule-route-enterprise-demo-americas"
 },
 {
  "kind": "routing rule",
  "id": "route.mql.americas",
  "title": "MQLs in the Americas.",
  "text": "MQL reached is yes and Country is one of US, CA, MX, BR sdr-americas",
  "href": "routing.html#rule-route-mql-americas"
 },
 {
  "kind": "routing rule",
  "id": "route.mql.emea",
  "title": "MQLs in Europe.",
  "text": "MQL reached is yes and Country is one of GB, IE, DE, FR, NL, ES, IT, SE, PL, CH sdr-emea",
  "href": "routing.html#rule-route-mql-emea"
 },
 {
  "kind": "routing rule",
  "id": "route.mql.apac",
  "title": "MQLs in Asia-Pacific.",
  "text": "MQL reached is yes and Country is one of AU, JP, SG, IN sdr-apac",
  "href": "routing.html#rule-route-mql-apac"
 },
 {
  "kind": "routing rule",
  "id": "route.mql.other-region",
  "title": "MQLs with no known country go to the general desk, which researches the region.",
  "text": "MQL reached is yes general",
  "href": "routing.html#rule-route-mql-other-region"
 },
 {
  "kind": "routing rule",
  "id": "route.not-qualified",
  "title": "Leads below the MQL threshold stay with marketing.",
  "text": "MQL reached is no nurture",
  "href": "routing.html#rule-route-not-qualified"
 },
 {
  "kind": "routing rule",
  "id": "fallback",
  "title": "Leads no rule matches.",
  "text": "Any other lead general",
  "href": "routing.html#rule-fallback"
 },
 {
  "kind": "retention rule",
  "id": "ret.customer",
  "title": "Customers and open opportunities are kept for the contract and tax period.",
  "text": "Stage is one of opportunity, customer",
  "href": "retention.html#rule-ret-customer"
 },
 {
  "kind": "retention rule",
  "id": "ret.eu-uk.opted-out",
  "title": "EU/UK people who opted out or refused consent are erased within 30 days.",
  "text": "Country is one of GB, IE, DE, FR, NL, ES, IT, SE, PL, CH and (Unsubscribed is yes or Consent status is denied)",
  "href": "retention.html#rule-ret-eu-uk-opted-out"
 },
 {
  "kind": "retention rule",
  "id": "ret.eu-uk.no-consent",
  "title": "EU/UK prospects we never obtained consent from are kept 6 months from creation.",
  "text": "Country is one of GB, IE, DE, FR, NL, ES, IT, SE, PL, CH and Consent status is none of granted",
  "href": "retention.html#rule-ret-eu-uk-no-consent"
 },
 {
  "kind": "retention rule",
  "id": "ret.eu-uk.consented",
  "title": "EU/UK prospects with consent are kept 24 months after their last engagement.",
  "text": "Country is one of GB, IE, DE, FR, NL, ES, IT, SE, PL, CH",
  "href": "retention.html#rule-ret-eu-uk-consented"
 },
 {
  "kind": "retention rule",
  "id": "ret.california.opted-out",
  "title": "California residents who opted out are deleted within the CCPA 45-day window.",
  "text": "Country is US and State / province is CA and Unsubscribed is yes",
  "href": "retention.html#rule-ret-california-opted-out"
 },
 {
  "kind": "retention rule",
  "id": "ret.california",
  "title": "California prospects are kept 24 months after their last engagement.",
  "text": "Country is US and State / province is CA",
  "href": "retention.html#rule-ret-california"
 },
 {
  "kind": "retention rule",
  "id": "ret.row.opted-out",
  "title": "Elsewhere, opted-out contacts are anonymized after a year; the suppression record stays.",
  "text": "Unsubscribed is yes",
  "href": "retention.html#rule-ret-row-opted-out"
 },
 {
  "kind": "retention rule",
  "id": "ret.row",
  "title": "Every other prospect is kept 24 months after the last engagement.",
  "text": "Lead ID is filled in",
  "href": "retention.html#rule-ret-row"
 },
 {
  "kind": "asset",
  "id": "data-stack-ebook",
  "title": "The Modern Data Stack, 2026 edition (e-book)",
  "text": "education subscriber, lead, mql, recycled",
  "href": "content.html#asset-data-stack-ebook"
 },
 {
  "kind": "asset",
  "id": "governance-webinar-replay",
  "title": "Webinar replay: data governance without the bureaucracy",
  "text": "education subscriber, lead, mql, recycled",
  "href": "content.html#asset-governance-webinar-replay"
 },
 {
  "kind": "asset",
  "id": "product-tour-video",
  "title": "Product tour (6-minute video)",
  "text": "none lead, mql, sal",
  "href": "content.html#asset-product-tour-video"
 },
 {
  "kind": "asset",
  "id": "pipelines-whitepaper",
  "title": "Pipelines whitepaper: 10x fewer broken dashboards",
  "text": "product-claims lead, mql, sal",
  "href": "content.html#asset-pipelines-whitepaper"
 },
 {
  "kind": "asset",
  "id": "analyst-report",
  "title": "Analyst report reprint (2026 wave)",
  "text": "product-claims lead, mql, sal, sql",
  "href": "content.html#asset-analyst-report"
 },
 {
  "kind": "asset",
  "id": "customer-story-acme",
  "title": "Customer story: Acme Logistics cut reporting time by 60%",
  "text": "customer-story, product-claims mql, sal, sql",
  "href": "content.html#asset-customer-story-acme"
 },
 {
  "kind": "asset",
  "id": "security-overview",
  "title": "Security and compliance overview (SOC 2, ISO 27001)",
  "text": "security sal, sql, opportunity",
  "href": "content.html#asset-security-overview"
 },
 {
  "kind": "asset",
  "id": "implementation-guide",
  "title": "Implementation guide for data teams",
  "text": "product-claims opportunity, customer",
  "href": "content.html#asset-implementation-guide"
 },
 {
  "kind": "asset",
  "id": "pricing-sheet-2026",
  "title": "Price list 2026.1",
  "text": "pricing sql, opportunity",
  "href": "content.html#asset-pricing-sheet-2026"
 },
 {
  "kind": "asset",
  "id": "roi-calculator",
  "title": "ROI calculator (spreadsheet)",
  "text": "roi sql, opportunity",
  "href": "content.html#asset-roi-calculator"
 },
 {
  "kind": "asset",
  "id": "battlecard-legacy-bi",
  "title": "Battlecard: Northwind vs legacy BI suites",
  "text": "competitive sal, sql, opportunity",
  "href": "content.html#asset-battlecard-legacy-bi"
 },
 {
  "kind": "asset",
  "id": "q4-discount-offer",
  "title": "Q4 multi-year discount offer",
  "text": "discount, pricing sql, opportunity",
  "href": "content.html#asset-q4-discount-offer"
 },
 {
  "kind": "gate",
  "id": "gate.pricing-qualified",
  "title": "Prices and ROI figures only go to qualified, well-fitting leads.",
  "text": "MQL reached is yes and Grade is one of A, B",
  "href": "content.html#rule-gate-pricing-qualified"
 },
 {
  "kind": "gate",
  "id": "gate.battlecard-sales-owned",
  "title": "Competitive material only once a sales team owns the lead.",
  "text": "Queue is one of strategic-ae, enterprise-ae, sdr-americas, sdr-emea, sdr-apac",
  "href": "content.html#rule-gate-battlecard-sales-owned"
 },
 {
  "kind": "gate",
  "id": "gate.no-students",
  "title": "Customer names and security details are not sent to students.",
  "text": "Job function is none of student",
  "href": "content.html#rule-gate-no-students"
 },
 {
  "kind": "nurture program",
  "id": "open-opportunity",
  "title": "Open-opportunity support",
  "text": "Proof points for buying committees while the opportunity is open, coordinated with the account executive. Converted opportunity is filled in and Stage is opportunity",
  "href": "nurture.html#program-open-opportunity"
 },
 {
  "kind": "nurture step",
  "id": "open-opportunity/buying-committee/implementation",
  "title": "How the rollout works.",
  "text": "email implementation-guide",
  "href": "nurture.html#step-open-opportunity-buying-committee-implementation"
 },
 {
  "kind": "nurture step",
  "id": "open-opportunity/buying-committee/roi",
  "title": "The ROI calculator.",
  "text": "email roi-calculator",
  "href": "nurture.html#step-open-opportunity-buying-committee-roi"
 },
 {
  "kind": "nurture step",
  "id": "open-opportunity/buying-committee/ae-check-in",
  "title": "The account executive checks in on the evaluation.",
  "text": "call-task ",
  "href": "nurture.html#step-open-opportunity-buying-committee-ae-check-in"
 },
 {
  "kind": "nurture program",
  "id": "customer-renewal",
  "title": "Customer renewal",
  "text": "Adoption content for customers ahead of renewal, with a call from account management. Stage is customer",
  "href": "nurture.html#program-customer-renewal"
 },
 {
  "kind": "nurture step",
  "id": "customer-renewal/renewal/adoption",
  "title": "What good adoption looks like.",
  "text": "email implementation-guide",
  "href": "nurture.html#step-customer-renewal-renewal-adoption"
 },
 {
  "kind": "nurture step",
  "id": "customer-renewal/renewal/renewal-call",
  "title": "Account management books the renewal review.",
  "text": "call-task ",
  "href": "nurture.html#step-customer-renewal-renewal-renewal-call"
 },
 {
  "kind": "nurture program",
  "id": "sales-accepted",
  "title": "Sales-accepted support",
  "text": "Downstream nurture for MQL, SAL and SQL leads that sales is working, so marketing supports rather than competes. Stage is one of mql, sal, sql",
  "href": "nurture.html#program-sales-accepted"
 },
 {
  "kind": "nurture step",
  "id": "sales-accepted/proof/analyst",
  "title": "Analyst report reprint.",
  "text": "email analyst-report",
  "href": "nurture.html#step-sales-accepted-proof-analyst"
 },
 {
  "kind": "nurture step",
  "id": "sales-accepted/proof/story",
  "title": "A customer story.",
  "text": "email customer-story-acme",
  "href": "nurture.html#step-sales-accepted-proof-story"
 },
 {
  "kind": "nurture program",
  "id": "welcome",
  "title": "Welcome",
  "text": "New subscribers and leads hear from us within a business day, then move to education. Stage is one of subscriber, lead and Created at was at most 14 days ago",
  "href": "nurture.html#program-welcome"
 },
 {
  "kind": "nurture step",
  "id": "welcome/welcome/welcome-email",
  "title": "Welcome and the e-book.",
  "text": "email data-stack-ebook",
  "href": "nurture.html#step-welcome-welcome-welcome-email"
 },
 {
  "kind": "nurture program",
  "id": "early-education",
  "title": "Early-stage education",
  "text": "Education by persona for subscribers and leads past their welcome, until they qualify. Stage is one of subscriber, lead and Created at was more than 14 days ago",
  "href": "nurture.html#program-early-education"
 },
 {
  "kind": "nurture step",
  "id": "early-education/data-practitioners/webinar",
  "title": "The governance webinar replay.",
  "text": "email governance-webinar-replay",
  "href": "nurture.html#step-early-education-data-practitioners-webinar"
 },
 {
  "kind": "nurture step",
  "id": "early-education/data-practitioners/whitepaper",
  "title": "The pipelines whitepaper.",
  "text": "email pipelines-whitepaper",
  "href": "nurture.html#step-early-education-data-practitioners-whitepaper"
 },
 {
  "kind": "nurture step",
  "id": "early-education/data-practitioners/ebook",
  "title": "The e-book for those who did not engage.",
  "text": "email data-stack-ebook",
  "href": "nurture.html#step-early-education-data-practitioners-ebook"
 },
 {
  "kind": "nurture step",
  "id": "early-education/data-practitioners/tour",
  "title": "The product tour video.",
  "text": "email product-tour-video",
  "href": "nurture.html#step-early-education-data-practitioners-tour"
 },
 {
  "kind": "nurture step",
  "id": "early-education/business-buyers/ebook",
  "title": "The e-book.",
  "text": "email data-stack-ebook",
  "href": "nurture.html#step-early-education-business-buyers-ebook"
 },
 {
  "kind": "nurture step",
  "id": "early-education/business-buyers/analyst",
  "title": "The analyst report.",
  "text": "email analyst-report",
  "href": "nurture.html#step-early-education-business-buyers-analyst"
 },
 {
  "kind": "nurture step",
  "id": "early-education/business-buyers/mailer",
  "title": "A printed analyst summary to the office.",
  "text": "direct-mail analyst-report",
  "href": "nurture.html#step-early-education-business-buyers-mailer"
 },
 {
  "kind": "nurture program",
  "id": "recycled-reengagement",
  "title": "Recycled re-engagement",
  "text": "Leads sales recycled get a slower stream until they show intent again. Stage is recycled",
  "href": "nurture.html#program-recycled-reengagement"
 },
 {
  "kind": "nurture step",
  "id": "recycled-reengagement/reengage/webinar",
  "title": "The latest webinar replay.",
  "text": "email governance-webinar-replay",
  "href": "nurture.html#step-recycled-reengagement-reengage-webinar"
 },
 {
  "kind": "nurture step",
  "id": "recycled-reengagement/reengage/ebook",
  "title": "The 2026 e-book.",
  "text": "email data-stack-ebook",
  "href": "nurture.html#step-recycled-reengagement-reengage-ebook"
 },
 {
  "kind": "nurture step",
  "id": "recycled-reengagement/reengage/ads",
  "title": "Retargeting audience.",
  "text": "ad-audience data-stack-ebook",
  "href": "nurture.html#step-recycled-reengagement-reengage-ads"
 },
 {
  "kind": "consent gate",
  "id": "consent.eu-email",
  "title": "GDPR and PECR, email and ads in the EU and the UK need consent given (opt-in).",
  "text": "Country is one of GB, IE, DE, FR, NL, ES, IT, SE, PL Consent status is granted",
  "href": "nurture.html#consent-consent-eu-email"
 },
 {
  "kind": "consent gate",
  "id": "consent.ca-email",
  "title": "CASL, commercial email to Canada needs express or implied consent.",
  "text": "Country is CA Consent status is one of granted, not-asked",
  "href": "nurture.html#consent-consent-ca-email"
 },
 {
  "kind": "consent gate",
  "id": "consent.unsubscribed",
  "title": "CAN-SPAM and every other region, an unsubscribe or a denial stops email everywhere.",
  "text": "Lead ID is filled in Unsubscribed is no and Consent status is not denied",
  "href": "nurture.html#consent-consent-unsubscribed"
 },
 {
  "kind": "consent gate",
  "id": "consent.mail-objection",
  "title": "Direct mail rests on legitimate interest; an objection (a denial) stops it.",
  "text": "Lead ID is filled in Consent status is not denied",
  "href": "nurture.html#consent-consent-mail-objection"
 }
];
