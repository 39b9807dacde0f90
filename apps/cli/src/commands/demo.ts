import type { Command } from "commander";
import { CONVERGED_STUDY, DEMO_SWEEP } from "@seedscope/sweep/demo";

export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .description(
      `a seed study on the built-in digits. --study short (default): the ${DEMO_SWEEP.recipes.join(" and ")} recipes (${DEMO_SWEEP.overrides.join(" ")}) on ${DEMO_SWEEP.archs.join(" and ")}, ${DEMO_SWEEP.trainSize} training images, seeds 0…n−1 for each. --study converged: ${CONVERGED_STUDY.recipes.join(", ")} (${CONVERGED_STUDY.overrides.join(" ")}) on ${CONVERGED_STUDY.archs.join(", ")}, ${CONVERGED_STUDY.trainSize} training images, trained to its plateau: seeds 1…n against the reference seed 0, as in the thesis' seed study`,
    )
    .option("--study <name>", "short or converged", "short")
    .option(
      "--seeds <n>",
      `short: seeds per recipe × architecture (default ${DEMO_SWEEP.seeds}); converged: seeds studied besides the reference seed 0 (default ${CONVERGED_STUDY.seeds})`,
    )
    .option("--workers <k>", "local worker processes (default 2: both cores)")
    .action(async (raw: Record<string, unknown>) => {
      const { demoCommand } = await import("./demo-actions");
      await demoCommand(raw);
    });
}
