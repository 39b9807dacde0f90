import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, describe, expect, it } from "vitest";
import { loadCheckpoint } from "@seedscope/db";
import { decodeCheckpoint } from "@seedscope/train";
import { runCli } from "./helpers/cli";
import { useCliEnvironment, withCliStore } from "./helpers/cli-env";
import { storeOutsideRuns } from "./helpers/outside-runs";
import { tinyRun } from "./helpers/tiny-run";

/** The bytes of a float32 array, for a bit-for-bit comparison (NaN payloads and -0 included). */
const bytesOf = (v: Float32Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);

interface ManifestJson {
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  userDefinedMetadata: { run: number; epoch: number; arch: string };
}

describe("seedscope export-weights: a run's checkpoint in the TensorFlow.js format", { timeout: 300_000 }, () => {
  const cli = useCliEnvironment("export-weights");
  const out = mkdtempSync(join(tmpdir(), "seedscope-weights-"));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("writes model.json + group1-shard1of1.bin that tf.io.decodeWeights reads back bit for bit; refuses another epoch and a run without a checkpoint", async () => {
    const trained = await runCli(tinyRun(2, 0), cli.env);
    expect(trained.code, trained.stderr).toBe(0);
    const runId = Number(/\brun (\d+)\b/.exec(trained.stdout + trained.stderr)![1]);

    const dir = join(out, "w");
    const exported = await runCli(["export-weights", String(runId), "--epoch", "2", "--out", dir], cli.env);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(new RegExp(`^run ${runId}, epoch 2: \\d+ weights`));

    const manifest = JSON.parse(readFileSync(join(dir, "model.json"), "utf8")) as ManifestJson;
    expect(manifest.weightsManifest).toHaveLength(1);
    expect(manifest.weightsManifest[0]!.paths).toEqual(["group1-shard1of1.bin"]);
    expect(manifest.userDefinedMetadata).toMatchObject({ run: runId, epoch: 2, arch: "resnet8" });
    const specs = manifest.weightsManifest[0]!.weights;
    const shard = readFileSync(join(dir, "group1-shard1of1.bin"));
    // The training package registers wasm too; any backend reads the same float32 bytes.
    await tf.setBackend("cpu");
    const decoded = tf.io.decodeWeights(
      shard.buffer.slice(shard.byteOffset, shard.byteOffset + shard.byteLength),
      specs,
    );

    const stored = await withCliStore(cli, (store) => loadCheckpoint(store, runId));
    expect(stored?.epochsDone).toBe(2);
    const weights = decodeCheckpoint(stored!.data).weights;
    // Every stored weight, by its stored name, in the stored order; nothing else (no optimizer state).
    expect(specs.map((s) => s.name)).toEqual([...weights.keys()]);
    expect(specs.every((s) => s.dtype === "float32")).toBe(true);
    for (const [name, values] of weights) {
      const tensor = decoded[name]!;
      expect(tensor.shape, name).toEqual([values.length]);
      const got = tensor.dataSync() as Float32Array;
      expect(bytesOf(got).equals(bytesOf(values)), `${name} bit for bit`).toBe(true);
    }
    expect(shard.byteLength).toBe([...weights.values()].reduce((n, v) => n + v.byteLength, 0));
    tf.dispose(Object.values(decoded));

    // The default epoch is the stored one; another epoch is refused, saying only the latest is kept.
    const wrong = await runCli(["export-weights", String(runId), "--epoch", "1", "--out", join(out, "x")], cli.env);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(
      /--epoch 1: run \d+ keeps only its latest end-of-epoch checkpoint, from epoch 2; earlier epochs are not stored/,
    );
    expect(wrong.stderr).not.toMatch(/\n\s+at /);

    const outside = await withCliStore(cli, (store) => storeOutsideRuns(store));
    const none = await runCli(["export-weights", String(outside.runs[0]!.id), "--out", join(out, "y")], cli.env);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/has no checkpoint: it was logged from outside seedscope/);
    const bad = await runCli(["export-weights", "abc"], cli.env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/<run> must be a run id/);
  });
});
