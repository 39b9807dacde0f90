import { describe, expect, it } from "vitest";
import { runMetrics } from "@seedscope/db";
import { TEST_BACKEND } from "@seedscope/db/testing";
import { useCliEnvironment, withCliStore } from "./helpers/cli-env";
import { runCli } from "./helpers/cli";

/** Peak process memory of a training run at batch 64 on 32×32 inputs, whatever the architecture (issue #16). */
const BOUND_MB = 1536;
const EPOCHS = 5;
const FAMILIES = ["resnet20", "vit-tiny", "cait-xxs", "resmlp-s", "pcn-s"] as const;

describe(`memory of a 5-epoch run at 32×32, batch 64 (${TEST_BACKEND})`, { timeout: 900_000 }, () => {
  const cli = useCliEnvironment("memory");

  it.each(FAMILIES)(
    `%s: peak process memory ≤ ${BOUND_MB} MB in every epoch, no growth from epoch to epoch, tensors recorded apart`,
    async (arch) => {
      // one step of 64 images an epoch: the step's peak is what is bounded; the epochs show whether it grows (evaluation
      // on 10 + 10 images: it is not what this bounds)
      const run = await runCli(
        [
          ...["run", "--recipe", "deit3", "--arch", arch, "--epochs", String(EPOCHS), "--seed", "0"],
          ...["--train-size", "64", "--eval-size", "10", "--backend", "wasm"],
          ...["--set", "resolution=32", "--set", "batchSize=64"],
        ],
        cli.env,
      );
      expect(run.code, run.stderr).toBe(0);
      const runId = Number(/seedscope runs show (\d+)/.exec(run.stdout + run.stderr)?.[1]);
      expect(runId).toBeGreaterThan(0);
      const series = await withCliStore(cli, (store) => runMetrics(store, runId));
      const values = (key: string) => series.find((s) => s.key === key)?.points.map((p) => p.y) ?? [];
      const process = values("perf/peak_memory_mb");
      const tensors = values("perf/peak_tensor_mb");
      expect(process).toHaveLength(EPOCHS);
      expect(tensors).toHaveLength(EPOCHS);
      for (const mb of process) expect(mb).toBeLessThanOrEqual(BOUND_MB);
      // The peaks are high-water marks, so a leak would raise them epoch after epoch. The process's settles over
      // the first epochs (V8 and malloc size their heaps, the first checkpoints fill the embedded store's buffer
      // cache) and then stays flat, give or take the noise of a high-water mark: cait-xxs alone over 12 epochs
      // 1218, 1314, 1336, then 1336 to the end; under the suite's load the settling can last an epoch longer
      // (resmlp-s once 859, 982, 986, 986, 1012; cait-xxs once +8.3 % from epoch 2 to 5). So the last two epochs
      // together add < 10 %: a leak of more than ≈ 5 % an epoch fails; the tensors (exact) are held to 1 % below.
      const peaks = `process peaks by epoch (MB): ${process.map((mb) => mb.toFixed(0)).join(", ")}`;
      expect(process[4]! - process[2]!, peaks).toBeLessThan(0.1 * process[2]!);
      expect(tensors.at(-1)!).toBeLessThanOrEqual(tensors[0]! * 1.01);
      // the tensor peak is the forward pass's activations (sampled inside the step), a part of the process's
      expect(tensors[0]!).toBeGreaterThan(20);
      expect(tensors[0]!).toBeLessThan(process[0]!);
    },
  );
});
