import type { Command } from "commander";
import { z } from "zod";
import { parseInput } from "@seedscope/core";
import { parseSeedRange } from "@seedscope/sweep/seed-range";
import { BACKEND_NAMES } from "../help-names";
import { DEFAULT_STALE_SECONDS } from "../sweep/defaults";
import { threadsOption } from "../threads";

/*
 * The sweep commands' input, checked before `sweep-actions` loads the store, the engine and TensorFlow.js
 * (≈ 1.5 s): a mistyped flag is refused at once.
 */

const list = (flag: string) =>
  z.string({ error: `${flag} is required` }).transform((s) =>
    s
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean),
  );
const int = (flag: string, example: string) =>
  z.coerce
    .number({ error: `${flag} must be a whole number (e.g. ${example})` })
    .int(`${flag} must be a whole number (e.g. ${example})`);
const backend = z.enum(BACKEND_NAMES, { error: `--backend must be one of ${BACKEND_NAMES.join(", ")}` }).optional();
const retries = int("--retries", "--retries 2")
  .min(0, "--retries must be ≥ 0")
  .max(100, "--retries is at most 100")
  .default(2);
const staleAfter = int("--stale-after", "--stale-after 60")
  .min(1, "--stale-after must be ≥ 1 second")
  .default(DEFAULT_STALE_SECONDS);
const workers = int("--workers", "--workers 2")
  .min(1, "--workers must be ≥ 1")
  .max(64, "--workers is at most 64")
  .default(1);

const SweepOptionsSchema = z.object({
  recipe: list("--recipe"),
  arch: list("--arch"),
  dataset: list("--dataset").default(["digits"]),
  seeds: z.string({ error: "--seeds is required, e.g. --seeds 0-99" }),
  epochs: int("--epochs", "--epochs 5").positive("--epochs must be ≥ 1").optional(),
  set: z.array(z.string()).default([]),
  smallDigits: z.boolean().default(false),
  name: z.string().max(200).optional(),
  recipeName: z.string().max(200, "--recipe-name is at most 200 characters").optional(),
  workers,
  trainSize: int("--train-size", "--train-size 2000").positive("--train-size must be ≥ 1").optional(),
  evalSize: int("--eval-size", "--eval-size 300").positive("--eval-size must be ≥ 1 (e.g. --eval-size 300)").optional(),
  dataDir: z.string().optional(),
  v2Images: z.string().optional(),
  v2Labels: z.string().optional(),
  backend,
  yes: z.boolean().default(false),
  retries,
  staleAfter,
});

const ResumeOptionsSchema = z.object({ workers, backend, retries, staleAfter });
const RetryOptionsSchema = ResumeOptionsSchema.extend({
  failed: z.boolean().default(false),
  diverged: z.boolean().default(false),
});

const WorkerOptionsSchema = z.object({
  sweep: int("--sweep", "--sweep 3").positive("--sweep must be a sweep id"),
  staleAfter,
  backend,
  threads: threadsOption,
  retries,
  ipc: z.boolean().default(false),
});

/**
 * A subcommand's options. Commander gives a flag that `sweep` defines too (`sweep resume 3 --workers 2`) to
 * `sweep`, so the values given there on the command line count as the subcommand's.
 */
function subcommandOptions(command: Command): Record<string, unknown> {
  const own = command.opts();
  const names = new Set(command.options.map((option) => option.attributeName()));
  const parent = command.parent;
  const given = (from: Command) =>
    Object.entries(from.opts()).filter(([key]) => names.has(key) && from.getOptionValueSource(key) === "cli");
  return { ...own, ...Object.fromEntries(parent ? given(parent) : []), ...Object.fromEntries(given(command)) };
}

export type SweepOptions = z.infer<typeof SweepOptionsSchema> & { readonly seedList: number[] };
export type WorkOptions = z.infer<typeof ResumeOptionsSchema>;
export type RetryOptions = z.infer<typeof RetryOptionsSchema>;
export type WorkerOptions = z.infer<typeof WorkerOptionsSchema>;

/** `seedscope sweep`'s options, its seeds expanded. */
export function parseSweepOptions(raw: Record<string, unknown>): SweepOptions {
  const opts = parseInput(SweepOptionsSchema, { ...raw, yes: raw.yes === true }, "options");
  return { ...opts, seedList: parseSeedRange(opts.seeds) };
}

/** A sweep id argument; `usage` shows the command, e.g. "`seedscope sweep status 3`". */
export function parseSweepId(idText: string, usage: string): number {
  return parseInput(int("sweep id", usage).positive(), idText, "argument");
}

/** `sweep resume`'s options. */
export function parseWorkOptions(command: Command): WorkOptions {
  return parseInput(ResumeOptionsSchema, subcommandOptions(command), "options");
}

/** `sweep retry`'s options. */
export function parseRetryOptions(command: Command): RetryOptions {
  const raw = subcommandOptions(command);
  return parseInput(
    RetryOptionsSchema,
    { ...raw, failed: raw.failed === true, diverged: raw.diverged === true },
    "options",
  );
}

/** `seedscope worker`'s options. */
export function parseWorkerOptions(raw: Record<string, unknown>): WorkerOptions {
  return parseInput(WorkerOptionsSchema, { ...raw, ipc: raw.ipc === true }, "options");
}
