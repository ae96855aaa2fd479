/**
 * The circuit breakers' signals for one run (`--signals FILE`, JSON or YAML):
 *
 *   syncLagMinutes: 75
 *   programs:
 *     welcome: { bounceRate: 0.02, unsubscribeRate: 0.004 }
 *
 * Checked completely: an unknown key, a program the policies do not define or a rate outside 0..1 is an
 * error (exit 2), never a breaker silently left closed.
 */
import type { Diagnostic } from "../diagnostics/index.js";
import { UsageError } from "../diagnostics/index.js";
import { maxPolicyFileBytes, readInputFile } from "../load/input-file.js";
import { parseYaml } from "../load/parse-yaml.js";
import { displayPath } from "../load/read-policy-files.js";
import type { NurtureSignals } from "../model/nurture-inputs.js";
import type { NurtureSpec } from "../model/policy.js";

export function readSignals(file: string, nurture: NurtureSpec): NurtureSignals {
  const shown = displayPath(file);
  const parsed = parseYaml(shown, readInputFile(file, { what: "signals file", limit: maxPolicyFileBytes }), { requireMapping: true });
  if (parsed.diagnostics.length > 0) throw new UsageError(`${shown} cannot be read`, parsed.diagnostics[0]!.message, parsed.diagnostics);
  const problems: Diagnostic[] = [];
  const problem = (pointer: string, message: string, hint: string) => {
    const { line, column } = parsed.sourceMap.locate(pointer);
    problems.push({ code: "input/signals", severity: "error", message, hint, location: { file: shown, line, column } });
  };
  const value = parsed.value as Record<string, unknown>;
  const signals: NurtureSignals = {};
  const programIds = new Set(nurture.programs.map((p) => p.id));
  for (const [key, v] of Object.entries(value)) {
    if (key === "syncLagMinutes") {
      if (typeof v === "number" && Number.isFinite(v) && v >= 0) signals.syncLagMinutes = v;
      else problem(`/${key}`, "syncLagMinutes must be a number of minutes, 0 or more", "E.g. `syncLagMinutes: 12`.");
    } else if (key === "programs" && v !== null && typeof v === "object" && !Array.isArray(v)) {
      signals.programs = {};
      for (const [program, rates] of Object.entries(v as Record<string, unknown>)) {
        const at = `/programs/${program.replaceAll("~", "~0").replaceAll("/", "~1")}`;
        if (!programIds.has(program)) {
          problem(at, `no program \`${program}\` in the policies`, `Programs: ${[...programIds].join(", ")}.`);
          continue;
        }
        const read: { bounceRate?: number; unsubscribeRate?: number } = {};
        for (const [name, rate] of Object.entries((rates ?? {}) as Record<string, unknown>)) {
          if (name !== "bounceRate" && name !== "unsubscribeRate")
            problem(`${at}/${name}`, `unknown signal \`${name}\``, "A program's signals are bounceRate and unsubscribeRate.");
          else if (typeof rate !== "number" || !(rate >= 0 && rate <= 1))
            problem(`${at}/${name}`, `${name} must be a share from 0 to 1`, "E.g. 0.02 for 2%.");
          else read[name] = rate;
        }
        signals.programs[program] = read;
      }
    } else problem(`/${key}`, `unknown key \`${key}\``, "A signals file has syncLagMinutes and programs.");
  }
  if (problems.length > 0)
    throw new UsageError(
      `${shown}: ${problems.length} problem${problems.length === 1 ? "" : "s"} in the signals`,
      problems[0]!.hint,
      problems,
    );
  return signals;
}
