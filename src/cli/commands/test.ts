import type { Command } from "commander";
import { examplesAndExitCodes } from "../help.js";
import type { TestOptions } from "../actions/test.js";
import { testFormats } from "../../format/format-names.js";
import { choice, percent, type CommandRunner } from "../options.js";

export function registerTest(program: Command, run: CommandRunner): void {
  program
    .command("test")
    .description("run the policy test cases in <policies>/tests/*.yaml")
    .option("--policies <dir>", "policy folder", "policies")
    .option("--coverage", "report which rules no test case exercised")
    .option("--min-coverage <percent>", "fail when a policy's coverage is below this (implies --coverage)", percent)
    .option("--format <format>", `output format: ${testFormats.join(", ")} (JUnit XML for CI test reporters)`, choice(testFormats), "text")
    .addHelpText(
      "after",
      examplesAndExitCodes([
        "test --coverage --min-coverage 100",
        "test --format junit > junit.xml            # for CI test reporters",
        "test --format json",
      ]),
    )
    .action((options: TestOptions) => run(async (io, context) => (await import("../actions/test.js")).testCommand(options, io, context)));
}
