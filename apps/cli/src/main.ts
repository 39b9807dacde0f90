import { Command } from "commander";
import { registerDashboardCommands } from "./commands/dashboard";
import { registerCompareCommand } from "./commands/compare";
import { registerDbCommands } from "./commands/db";
import { registerDiffCommand } from "./commands/diff";
import { registerDemoCommand } from "./commands/demo";
import { registerExportWeightsCommand } from "./commands/export-weights";
import { registerImportCommand } from "./commands/import";
import { registerRecipeCommands } from "./commands/recipes";
import { registerSweepCommands } from "./commands/sweep";
import { registerSweepsCommands } from "./commands/sweeps";
import { registerRunCommands } from "./commands/runs";
import { registerTrainCommands } from "./commands/train";
import { registerVerifyCommands } from "./commands/verify";
import { reportError } from "./errors";
import { quietOnBrokenPipe } from "./broken-pipe";

quietOnBrokenPipe(process.stdout);

// A failure outside the command's own promise chain (e.g. a WebAssembly module aborting in a callback) would
// otherwise make Node print the throwing source line: for minified or wasm-glue code, tens of kilobytes.
const verbose = process.argv.includes("--verbose");
for (const event of ["uncaughtException", "unhandledRejection"] as const) {
  process.on(event, (error: unknown) => {
    process.exitCode = reportError(error, verbose);
    process.exit();
  });
}

const program = new Command()
  .name("seedscope")
  .description("seed-aware experiment tracking for image-classification training recipes")
  .option("--verbose", "show stack traces on errors")
  .showHelpAfterError("(add --help for usage)");

registerDbCommands(program);
registerRunCommands(program);
registerTrainCommands(program);
registerVerifyCommands(program);
registerExportWeightsCommand(program);
registerRecipeCommands(program);
registerDemoCommand(program);
registerSweepCommands(program);
registerSweepsCommands(program);
registerCompareCommand(program);
registerDiffCommand(program);
registerImportCommand(program);
registerDashboardCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportError(
    error,
    program.opts<{ verbose?: boolean }>().verbose ?? process.argv.includes("--verbose"),
  );
}
