/**
 * The retention step of the fused row function: legal hold first, else the
 * first rule whose condition holds, due its keep days after the trigger date
 * (simulate/retention.ts), from the trigger's instant parsed once.
 */
import { conditionKey } from "../model/condition-listing.js";
import { dayOf } from "../model/instants.js";
import type { RetentionSpec } from "../model/policy.js";
import { text } from "../render/outcome-json.js";
import type { FusedCode } from "./fused-code.js";
import type { StepCode } from "./step-code.js";

const dayMs = 86_400_000;

export function retentionCode(code: FusedCode, retention: RetentionSpec): StepCode {
  const json = code.local("retention");
  const lines = [
    `let ${json} = ${code.value('{"rule":null,"action":null,"dueDate":null}')};`,
    "out.retentionAction = null;",
    "out.retentionDueDate = null;",
  ];
  let chain = "";
  if (retention.legalHold) {
    lines.push(
      `if (${code.condition("retention", conditionKey("hold", "legal-hold"))}) { ${json} = ${code.value('{"rule":"legal-hold","action":"hold","dueDate":null}')}; out.retentionAction = "hold"; }`,
    );
    chain = "else ";
  }
  const day = code.bind(dayOf);
  for (const rule of retention.rules) {
    const ms = code.local("triggerMs");
    const due = code.local("dueDate");
    // dayOf writes digits and `-+` only: JSON needs just the quotes.
    lines.push(
      `${chain}if (${code.condition("retention", conditionKey("retention", rule.id))}) {`,
      `const ${ms} = ${code.ms(rule.from)};`,
      `const ${due} = Number.isNaN(${ms}) ? null : ${day}(${ms} + ${code.value(rule.keepDays * dayMs)});`,
      `${json} = ${code.value(`{"rule":${text(rule.id)},"action":${text(rule.action)},"dueDate":`)} + (${due} === null ? "null" : '"' + ${due} + '"') + "}";`,
      `out.retentionAction = ${code.value(rule.action)};`,
      `out.retentionDueDate = ${due};`,
      "}",
    );
    chain = "else ";
  }
  return { code: lines.join("\n"), json };
}
