import { spawn } from "node:child_process";
import { hostname } from "node:os";
import type { Command } from "commander";
import { z } from "zod";
import { parseInput, SeededRandom, UserError } from "@seedscope/core";
import { epochTop1, rerunsOf, sweepSource, type Verification, verifiableRuns } from "@seedscope/db";
import { BACKEND_NAMES } from "@seedscope/engine";
import { rerunRun } from "@seedscope/train";
import { SEEDSCOPE_BIN } from "../bin-path";
import { TrainingProgressView } from "../progress";
import { withStore } from "../with-store";

const runId = (what: string) =>
  z.coerce
    .number({ error: `${what} must be a run id, e.g. 42` })
    .int(`${what} must be a whole number`)
    .positive(`${what} must be ≥ 1`)
    .max(2_147_483_647, `${what} is at most 2147483647`);

const epochsOption = z.coerce
  .number({ error: "--epochs must be a whole number (e.g. --epochs 1)" })
  .int("--epochs must be a whole number")
  .positive("--epochs must be ≥ 1")
  .optional();

const RerunOptionsSchema = z.object({
  epochs: epochsOption,
  backend: z.enum(BACKEND_NAMES, { error: `--backend must be one of ${BACKEND_NAMES.join(", ")}` }).optional(),
  force: z.boolean().optional(),
});

const VerifyOptionsSchema = z.object({
  sample: z.coerce
    .number({ error: "--sample must be a whole number (e.g. --sample 3)" })
    .int()
    .positive("--sample must be ≥ 1")
    .optional(),
  epochs: epochsOption,
  workers: z.coerce.number({ error: "--workers must be a whole number" }).int().min(1).max(64).default(1),
  seed: z.coerce.number({ error: "--seed must be a whole number" }).int().min(0).default(0),
});

/** A verdict in one line, e.g. "bit-identical (812 points)" or "differs: first at val/top1 step 2 (…)". */
export function verdictLine(v: Verification): string {
  const forced = v.forced ? `\n  forced despite: ${v.forced}` : "";
  if (v.verdict === "bit-identical")
    return `bit-identical (${v.compared} metric points over ${v.epochs} epoch(s))${forced}`;
  const first = v.firstDivergence;
  const deltas = Object.entries(v.maxAbsDelta)
    .map(([key, d]) => `${key} ${d === null ? "missing/NaN" : d.toExponential(2)}`)
    .join(", ");
  const causes = v.fingerprintDifferences.map(
    (d) => `${d.field}: ${JSON.stringify(d.original)} → ${JSON.stringify(d.rerun)}`,
  );
  return (
    [
      `differs: ${v.differing} of ${v.compared} metric points`,
      first
        ? `first at ${first.key} step ${first.step} (original ${first.original ?? "absent"}, rerun ${first.rerun})`
        : "no point compared",
      `max |Δ|: ${deltas || "–"}`,
      causes.length > 0 ? `fingerprint differs: ${causes.join("; ")}` : "fingerprint: identical",
    ].join("\n  ") + forced
  );
}

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
      const id = parseInput(runId("<run>"), idText, "argument");
      const opts = parseInput(RerunOptionsSchema, raw, "options");
      const stop = new AbortController();
      const onSignal = () => {
        if (stop.signal.aborted) process.exit(130);
        stop.abort();
      };
      process.on("SIGINT", onSignal);
      process.on("SIGTERM", onSignal);
      try {
        await withStore(async (store) => {
          const view = new TrainingProgressView((run, epoch) => epochTop1(store, run, epoch));
          const { rerun, verification } = await rerunRun(store, id, {
            ...opts,
            signal: stop.signal,
            worker: `${hostname()}:${process.pid}`,
            onProgress: (p) => view.update(p),
          });
          await view.finish(rerun.epochsDone);
          if (stop.signal.aborted) {
            process.exitCode = 130;
            return;
          }
          console.log(`run ${rerun.runId} re-executed run ${id}: ${verdictLine(verification)}`);
          if (verification.verdict !== "bit-identical") process.exitCode = 1;
        });
      } finally {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
    });
}

/** A seeded random sample of `n` of `ids`, in id order. */
function sampleOf(ids: readonly number[], n: number, seed: number): number[] {
  const order = SeededRandom.fromSeed(seed, "verify").permutation(ids.length);
  return [...order.slice(0, Math.min(n, ids.length))].map((i) => ids[i]!).sort((a, b) => a - b);
}

/** Runs `seedscope rerun` for one run; resolves with its exit code and its last line of stderr. */
function rerunInChild(id: number, epochs: number | undefined): Promise<{ code: number; lastError: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [SEEDSCOPE_BIN, "rerun", String(id), ...(epochs ? ["--epochs", String(epochs)] : [])],
      {
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      const lastError = stderr.trim().split("\n").pop() ?? "";
      if (code === 0 || code === 1) resolve({ code, lastError });
      else
        reject(
          new UserError(`the rerun of run ${id} stopped (exit ${code}): ${stderr.trim().split("\n").pop() ?? ""}`),
        );
    });
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
      const sweepId = parseInput(runId("<sweep>"), idText, "argument");
      const opts = parseInput(VerifyOptionsSchema, raw, "options");
      const ids = await withStore(async (store) => {
        const source = await sweepSource(store, sweepId);
        if (source === null) throw new UserError(`no sweep has id ${sweepId}: \`seedscope sweeps list\` shows them`);
        if (source !== "seedscope")
          throw new UserError(`sweep ${sweepId} was logged from outside seedscope: it cannot be rerun`);
        const all = await verifiableRuns(store, sweepId);
        if (all.length === 0) throw new UserError(`sweep ${sweepId} has no finished run to verify yet`);
        return sampleOf(all, opts.sample ?? all.length, opts.seed);
      });
      // A verdict is this verify's when the run has one more rerun than before.
      const rerunsBefore = await withStore(
        async (store) =>
          new Map(await Promise.all(ids.map(async (id) => [id, (await rerunsOf(store, id)).length] as const))),
      );
      console.error(`verifying ${ids.length} run(s) of sweep ${sweepId}: ${ids.join(", ")}`);
      const started = performance.now();
      const queue = [...ids];
      const refusals = new Map<number, string>();
      const worker = async () => {
        for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
          const { code, lastError } = await rerunInChild(id, opts.epochs);
          if (code !== 0 && lastError !== "") refusals.set(id, lastError.replace(/^seedscope: /, ""));
        }
      };
      await Promise.all(Array.from({ length: Math.min(opts.workers, ids.length) }, worker));
      const seconds = (performance.now() - started) / 1000;
      await withStore(async (store) => {
        const lines: string[] = [];
        let identical = 0;
        for (const id of ids) {
          const reruns = await rerunsOf(store, id);
          const verdict = reruns[0]?.verification ?? null;
          const fresh = verdict !== null && reruns.length > (rerunsBefore.get(id) ?? 0);
          if (fresh && verdict.verdict === "bit-identical") identical++;
          lines.push(
            `run ${id}: ${fresh ? verdictLine(verdict) : `not rerun: ${refusals.get(id) ?? "no verdict recorded"}`}`,
          );
        }
        console.log(lines.join("\n"));
        console.log(
          `${identical}/${ids.length} reproduced bit-identically (sweep ${sweepId}${opts.epochs ? `, first ${opts.epochs} epoch(s)` : ""}, ${seconds.toFixed(1)} s)`,
        );
        if (identical < ids.length) process.exitCode = 1;
      });
    });
}

export function registerVerifyCommands(program: Command): void {
  registerRerun(program);
  registerVerify(program);
}
