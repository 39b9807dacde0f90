/**
 * `seedscope run` flags for a tiny, fast run (resnet8 on 200 digits at 12 px, wasm backend): for tests where
 * what matters is the bookkeeping around a run — kills, outages, take-overs — not what it learns.
 */
export function tinyRun(epochs: number, seed: number): string[] {
  return [
    "run",
    "--recipe",
    "deit3",
    "--arch",
    "resnet8",
    "--train-size",
    "200",
    "--set",
    "resolution=12",
    "--set",
    "batchSize=50",
    "--backend",
    "wasm",
    "--epochs",
    String(epochs),
    "--seed",
    String(seed),
  ];
}
