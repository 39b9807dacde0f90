import type { Command } from "commander";

export function registerCompareCommand(program: Command): void {
  program
    .command("compare")
    .description("compare two groups of seeds: Welch test, effect size, P(A > B), seeds needed, per split")
    .argument("<groupA>", "RECIPE:ARCH[:DATASET], e.g. a2:resnet8 (RECIPE: a name, hash prefix or run:<id>)")
    .argument("<groupB>", "the group to compare with, same form")
    .option("--split <list>", "splits to show: val, v2 or val,v2", "val,v2")
    .option("--sweep <id>", "only runs of this sweep")
    .option("--seed <n>", "seed of the bootstrap interval of P(A > B)", "0")
    .option("--resamples <n>", "bootstrap resamples", "10000")
    .option("--delta <points>", "also: seeds per arm to detect a difference of this many points")
    .option("--json", "print everything at full precision as JSON")
    .option("--csv", "print the statistics as CSV")
    .action(async (groupA: string, groupB: string, raw: Record<string, unknown>) => {
      const { compareCommand } = await import("./compare-actions");
      await compareCommand(groupA, groupB, raw);
    });
}
