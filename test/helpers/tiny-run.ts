/**
 * Flags of a tiny, fast model and data set (resnet8 on 200 digits at 12 px, evaluated on 300 val and 300 v2
 * images, batch 50, wasm backend), for `run` and `sweep` in tests where what matters is the bookkeeping around
 * runs — kills, outages, take-overs, reruns — not what they learn. Add `--recipe`.
 */
export const TINY_MODEL = [
  "--arch",
  "resnet8",
  "--train-size",
  "200",
  "--eval-size",
  "300",
  "--set",
  "resolution=12",
  "--set",
  "batchSize=50",
  "--backend",
  "wasm",
] as const;

/** `sweep`/`run` flags for tiny deit3 runs. */
export const TINY_DEIT3 = ["--recipe", "deit3", ...TINY_MODEL] as const;

/** `seedscope run` arguments for one tiny run of `epochs` epochs and `seed`. */
export function tinyRun(epochs: number, seed: number): string[] {
  return ["run", ...TINY_DEIT3, "--epochs", String(epochs), "--seed", String(seed)];
}
