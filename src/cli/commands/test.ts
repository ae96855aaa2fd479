import type { Command } from "commander";
import type { TestOptions } from "../actions/test.js";
import { percent, type CommandRunner } from "../options.js";

export function registerTest(program: Command, run: CommandRunner): void {
  program
    .command("test")
    .description("run the policy test cases in <policies>/tests/*.yaml")
    .option("--policies <dir>", "policy folder", "policies")
    .option("--coverage", "report which rules no test case exercised")
    .option("--min-coverage <percent>", "fail when a policy's coverage is below this (implies --coverage)", percent)
    .action((options: TestOptions) => run(async (io, context) => (await import("../actions/test.js")).testCommand(options, io, context)));
}
