import type { Command } from "commander";

export function registerExportWeightsCommand(program: Command): void {
  program
    .command("export-weights")
    .description(
      "write a run's checkpoint as TensorFlow.js weights: model.json (weightsManifest) and group1-shard1of1.bin (float32)",
    )
    .argument("<run>", "the run id")
    .option("--epoch <k>", "the checkpoint's epoch (only the latest end-of-epoch checkpoint is kept)")
    .option("--out <dir>", "where to write the two files (default: run-<id>-epoch-<k>)")
    .action(async (idText: string, raw: Record<string, unknown>) => {
      const { exportWeightsCommand } = await import("./export-weights-actions");
      await exportWeightsCommand(idText, raw);
    });
}
