import { spawn } from "node:child_process";
import { hostname } from "node:os";
import { z } from "zod";
import { parseInput, SeededRandom, UserError } from "@seedscope/core";
import { epochTop1, rerunsOf, sweepSource, type Verification, verifiableRuns } from "@seedscope/db";
import { SEEDSCOPE_BIN } from "../bin-path";
import { BACKEND_NAMES } from "../help-names";
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

/** `seedscope rerun <run>`: re-executes a run into a new linked run and prints the verdict. */
export async function rerunCommand(idText: string, raw: Record<string, unknown>): Promise<void> {
  const id = parseInput(runId("<run>"), idText, "argument");
  const opts = parseInput(RerunOptionsSchema, raw, "options");
  // Only rerun trains: verify, which runs each rerun in a child process, needs no TensorFlow.js.
  const { rerunRun } = await import("@seedscope/train");
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

/** `seedscope verify <sweep>`: reruns a sample of a sweep's finished runs, each in a child process. */
export async function verifyCommand(idText: string, raw: Record<string, unknown>): Promise<void> {
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
}
