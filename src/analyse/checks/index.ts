/**
 * The registry of cross-reference checks run by `validate`, in a fixed order.
 */
import type { Check } from "../check.js";
import { calendars } from "./calendars.js";
import { importProfiles } from "./import-profiles.js";
import { conditionTypes } from "./condition-types.js";
import { piiCoverage } from "./pii-coverage.js";
import { references } from "./references.js";
import { uniqueIds } from "./unique-ids.js";

export const checks: readonly Check[] = [uniqueIds, references, conditionTypes, piiCoverage, calendars, importProfiles];
