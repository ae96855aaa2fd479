/**
 * A condition as one SQL boolean expression, TRUE or FALSE for every lead (never NULL): the SQL form of
 * compile/compile-condition.ts, from the same operator entries (`OperatorDefinition.sql`).
 */
import { operatorDefinitions } from "../compile/operators.js";
import type { SqlDialect } from "../compile/sql-dialect.js";
import type { Condition } from "../model/condition.js";
import { foldCondition } from "../model/condition-walk.js";
import type { FieldType } from "../model/policy.js";

/** A fact as the SQL reads it: its column expression and its type. */
export interface SqlFact {
  column: string;
  type: FieldType;
}

export interface ConditionSqlContext {
  dialect: SqlDialect;
  asOfMs: number;
  /** The fact's column; throws for a fact the set does not define (validate refuses such sets first). */
  fact(name: string): SqlFact;
}

export function conditionSql(condition: Condition, context: ConditionSqlContext): string {
  return foldCondition(condition, {
    all: (children) => (children.length === 0 ? "TRUE" : `(${children.join(" AND ")})`),
    any: (children) => (children.length === 0 ? "FALSE" : `(${children.join(" OR ")})`),
    not: (child) => `(NOT ${child})`,
    fact: ({ fact, operator, value }) => {
      const { column, type } = context.fact(fact);
      return operatorDefinitions[operator].sql(column, value, {
        dialect: context.dialect,
        asOfMs: context.asOfMs,
        list: type === "multipicklist",
      });
    },
  });
}
