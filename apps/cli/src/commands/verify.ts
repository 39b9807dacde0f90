import type { Command } from "commander";
import { BACKEND_NAMES } from "../help-names";

function registerRerun(program: Command): void {
  program
    .command("rerun")
    .description(
      "re-execute a recorded run (same recipe, architecture, data, seed, backend) into a new linked run and verify it reproduces, metric by metric",
    )
    .argument("<run>", "the run to re-execute (its id)")
    .option("--epochs <k>", "re-execute and compare only the first k epochs (cheap)")
    .option("--backend <name>", `another backend to verify across (${BACKEND_NAMES.join(", ")}); default the run's own`)
    .option("--force", "rerun even when the data or the code version differ from the run's (the verdict records it)")
    .action(async (idText: string, raw: Record<string, unknown>) => {
      const { rerunCommand } = await import("./verify-actions");
      await rerunCommand(idText, raw);
    });
}

function registerVerify(program: Command): void {
  program
    .command("verify")
    .description("rerun a seeded random sample of a sweep's finished runs and report which reproduce bit-identically")
    .argument("<sweep>", "the sweep id")
    .option("--sample <n>", "how many runs to rerun (default: all)")
    .option("--epochs <k>", "verify only the first k epochs of each")
    .option("--workers <n>", "reruns at once, each in its own process", "1")
    .option("--seed <n>", "seed of the sample", "0")
    .action(async (idText: string, raw: Record<string, unknown>) => {
      const { verifyCommand } = await import("./verify-actions");
      await verifyCommand(idText, raw);
    });
}

export function registerVerifyCommands(program: Command): void {
  registerRerun(program);
  registerVerify(program);
}
