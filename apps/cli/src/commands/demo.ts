import type { Command } from "commander";
import { DEMO_SWEEP } from "@seedscope/sweep/demo";

export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .description(
      `a seed study on the built-in digits: the ${DEMO_SWEEP.recipes.join(" and ")} recipes (${DEMO_SWEEP.overrides.join(" ")}) on ${DEMO_SWEEP.archs.join(" and ")}, ${DEMO_SWEEP.trainSize} training images, seeds 0…n−1 for each`,
    )
    .option("--seeds <n>", "seeds per recipe × architecture", String(DEMO_SWEEP.seeds))
    .option("--workers <k>", "local worker processes (default 2: both cores)")
    .action(async (raw: Record<string, unknown>) => {
      const { demoCommand } = await import("./demo-actions");
      await demoCommand(raw);
    });
}
