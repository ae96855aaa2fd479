/**
 * The retention step of the fused row function: legal hold first, else the
 * first rule whose condition holds, due its keep days after the trigger date
 * (simulate/retention.ts), from the trigger's instant parsed once. Its JSON
 * member, or its CSV cells (rule, action, due date).
 */
import { conditionKey } from "../model/condition-listing.js";
import { dayOf } from "../model/instants.js";
import type { RetentionSpec } from "../model/policy.js";
import { text } from "../render/outcome-json.js";
import { dateCell } from "../render/escape/spreadsheet.js";
import type { FusedCode } from "./fused-code.js";
import type { StepCode } from "./step-code.js";

const dayMs = 86_400_000;

export function retentionCode(code: FusedCode, retention: RetentionSpec): StepCode {
  const csv = code.csv;
  const row = code.local("retention");
  const lines = [
    `let ${row} = ${csv ? code.cells(null, null, null) : code.value('{"rule":null,"action":null,"dueDate":null}')};`,
    "out.retentionAction = null;",
    "out.retentionDueDate = null;",
  ];
  let chain = "";
  if (retention.legalHold) {
    lines.push(
      `if (${code.condition("retention", conditionKey("hold", "legal-hold"))}) { ${row} = ${csv ? code.cells("legal-hold", "hold", null) : code.value('{"rule":"legal-hold","action":"hold","dueDate":null}')}; out.retentionAction = "hold"; }`,
    );
    chain = "else ";
  }
  const day = code.bind(dayOf);
  const [dateOf, options] = csv ? [code.bind(dateCell), code.bind(csv)] : ["", ""];
  for (const rule of retention.rules) {
    const ms = code.local("triggerMs");
    const due = code.local("dueDate");
    // dayOf writes digits and `-+` only: JSON needs just the quotes.
    lines.push(
      `${chain}if (${code.condition("retention", conditionKey("retention", rule.id))}) {`,
      `const ${ms} = ${code.ms(rule.from)};`,
      `const ${due} = Number.isNaN(${ms}) ? null : ${day}(${ms} + ${code.value(rule.keepDays * dayMs)});`,
      csv
        ? `${row} = ${code.cells(rule.id, rule.action, "")} + ${dateOf}(${due}, ${options});`
        : `${row} = ${code.value(`{"rule":${text(rule.id)},"action":${text(rule.action)},"dueDate":`)} + (${due} === null ? "null" : '"' + ${due} + '"') + "}";`,
      `out.retentionAction = ${code.value(rule.action)};`,
      `out.retentionDueDate = ${due};`,
      "}",
    );
    chain = "else ";
  }
  return { code: lines.join("\n"), text: row };
}
