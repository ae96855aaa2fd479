/**
 * The few thrown errors. User content problems are returned as diagnostics;
 * these stop a command and map to its exit code at the one top-level catch.
 */
import type { Diagnostic } from "./diagnostic.js";

export const ExitCode = { ok: 0, policyFailure: 1, usage: 2, internal: 3 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** What each exit code means, the one wording every command's --help shows (cli/help.ts). */
export const exitCodeMeanings: Record<ExitCode, string> = {
  [ExitCode.ok]: "ok",
  [ExitCode.policyFailure]: "a policy, test, drift or audit failure you must fix",
  [ExitCode.usage]: "usage or input error (bad flag, unreadable file, unknown git ref, input that cannot be used)",
  [ExitCode.internal]: "internal bug (please report it)",
};

/** A bad flag, unreadable file, unknown git ref: exit 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly diagnostics: readonly Diagnostic[] = [],
  ) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * Policies with errors given to a command that needs valid ones (`simulate` without `allowInvalid`, or
 * with errors `allowInvalid` does not admit): exit 1, like `validate` on them.
 */
export class InvalidPoliciesError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(`the policies have ${diagnostics.length} error${diagnostics.length === 1 ? "" : "s"}; fix them first (leadrules validate)`);
    this.name = "InvalidPoliciesError";
  }
}
