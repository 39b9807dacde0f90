// Training speed: images/s of a full step (forward + backward + optimizer) for each architecture on each
// backend that loads, its split into forward / backward / optimizer, and peak memory; ratios between
// backends and against a PyTorch ResNet-20 on the same CPU where python3 can import torch.
//   npx tsx bench/train.ts [--archs a,b] [--backends wasm,cpu] [--batch 64] [--size 28] [--steps 10]
//                          [--warmup 2] [--budget 20]
// Each (backend, arch) cell runs in a fresh child process (bench/train-cell.ts). --budget caps the seconds
// of warm-up + measured steps of one cell; where a single step at --batch would not fit half of it (the
// cpu backend's conv gradients), the cell runs at a smaller batch, marked † in the table.
import { spawn, spawnSync } from "node:child_process";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { BACKEND_NAMES, isBackendName, type BackendName } from "@seedscope/engine";
import { CELL_MARKER, type CellRequest, type CellResult, type CellTimings } from "./train-protocol";

const { values: opts } = parseArgs({
  options: {
    archs: { type: "string", default: "resnet20,vit-tiny,cait-xxs,resmlp-s,pcn-s,resnet8" },
    backends: { type: "string", default: BACKEND_NAMES.join(",") },
    batch: { type: "string", default: "64" },
    size: { type: "string", default: "28" },
    steps: { type: "string", default: "10" },
    warmup: { type: "string", default: "2" },
    budget: { type: "string", default: "20" },
  },
});
const archs = (opts.archs ?? "").split(",").filter(Boolean);
const backends: BackendName[] = (opts.backends ?? "").split(",").filter(isBackendName);
const base = {
  batch: Number(opts.batch),
  size: Number(opts.size),
  steps: Number(opts.steps),
  warmup: Number(opts.warmup),
  budgetS: Number(opts.budget),
};

const CELL_SCRIPT = fileURLToPath(new URL("./train-cell.ts", import.meta.url));
const PEER_SCRIPT = fileURLToPath(new URL("./peers/resnet_torch.py", import.meta.url));

/** Runs one cell in a child node with the same loader (tsx) as this process. */
function runCell(req: CellRequest): Promise<CellResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, CELL_SCRIPT, JSON.stringify(req)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("close", (code, signal) => {
      const line = out.split("\n").find((l) => l.startsWith(CELL_MARKER));
      if (line) return resolve(JSON.parse(line.slice(CELL_MARKER.length)) as CellResult);
      const why = err.trim().split("\n").pop() ?? "";
      resolve({
        ok: false,
        backend: req.backend,
        arch: req.arch,
        loaded: true,
        error: `child exited (${signal ?? code}) ${why}`,
      });
    });
  });
}

interface PeerResult
  extends Omit<
    CellTimings,
    "simd" | "flopsPerImage" | "warmupSteps" | "cold" | "tensorsMB" | "wasmHeapMB" | "maxRssMB"
  > {
  readonly torch: string;
}

/** The first python3 that can import torch (pyenv's shim may hide Debian's python3-torch), or why none. */
function findTorchPython(): { python: string } | { skipped: string } {
  let why = "";
  for (const python of ["python3", "/usr/bin/python3"]) {
    const r = spawnSync(python, ["-c", "import torch"], { encoding: "utf8" });
    if (r.status === 0) return { python };
    why ||= r.error ? r.error.message : (r.stderr.trim().split("\n").pop() ?? `exit ${r.status}`);
  }
  return { skipped: `python3 cannot import torch (${why}); install Debian's python3-torch to compare` };
}

function runPeer(python: string, threads: number): PeerResult | string {
  const args = [
    PEER_SCRIPT,
    "--threads",
    threads,
    "--batch",
    base.batch,
    "--size",
    base.size,
    "--warmup",
    base.warmup,
    "--steps",
    base.steps,
    "--budget",
    base.budgetS,
  ];
  const r = spawnSync(python, args.map(String), { encoding: "utf8" });
  if (r.status !== 0) return `PyTorch peer failed (${r.status}): ${r.stderr.trim().split("\n").pop() ?? ""}`;
  return JSON.parse(r.stdout.trim().split("\n").pop() ?? "") as PeerResult;
}

const fmt = (x: number, digits = 1) => x.toFixed(digits);
const pct = (part: number, whole: number) => `${Math.round((100 * part) / whole)}%`;

function row(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
}

function printTable(results: readonly (CellResult & { ok: true })[]): void {
  const header = [
    "arch",
    "backend",
    "batch",
    "img/s",
    "step ms",
    "fwd ms",
    "bwd ms",
    "opt ms",
    "fwd/bwd/opt",
    "tensors MB",
    "wasm heap MB",
    "max RSS MB",
    "steps",
  ];
  const lines = results.map((r) => [
    r.arch,
    `${r.backend}${r.backend === "wasm" ? `(${r.threads}t${r.simd ? ",simd" : ""})` : ""}`,
    `${r.batch}${r.batch < base.batch ? "†" : ""}`,
    fmt(r.imagesPerSecond),
    fmt(r.stepMs, 0),
    fmt(r.forwardMs, 0),
    fmt(r.backwardMs, 0),
    fmt(r.optimizerMs, 0),
    [r.forwardMs, r.backwardMs, r.optimizerMs].map((t) => pct(t, r.forwardMs + r.backwardMs + r.optimizerMs)).join("/"),
    fmt(r.tensorsMB, 0),
    r.wasmHeapMB === null ? "-" : fmt(r.wasmHeapMB, 0),
    fmt(r.maxRssMB, 0),
    `${r.measuredSteps}${r.cold ? "*" : ""}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  console.log(row(header, widths));
  for (const l of lines) console.log(row(l, widths));
  if (results.some((r) => r.batch < base.batch)) {
    console.log(
      `† one step at batch ${base.batch} would not fit half the budget: measured at a smaller batch (doubled from 1 while the next step fitted)`,
    );
  }
  if (results.some((r) => r.cold))
    console.log("* no step fitted the budget after warm-up: figures from the warm-up step(s)");
}

async function main(): Promise<void> {
  console.log(
    `training step, batch ${base.batch}, ${base.size}×${base.size}×1, 10 classes, SGD momentum 0.9; ` +
      `${base.warmup} warm-up + up to ${base.steps} steps or ${base.budgetS} s per cell; ${cpus().length}× ${cpus()[0]?.model.trim()}`,
  );
  const results: (CellResult & { ok: true })[] = [];
  for (const backend of backends) {
    for (const arch of archs) {
      const r = await runCell({ ...base, backend, arch });
      if (!r.ok) {
        console.log(`  ${backend} / ${arch}: ${r.loaded ? "failed" : "did not load"}: ${r.error}`);
        if (!r.loaded) break;
        continue;
      }
      console.error(`  ${backend} / ${arch}: ${fmt(r.imagesPerSecond)} img/s`);
      results.push(r);
    }
  }
  console.log();
  printTable(results);

  const speed = (backend: BackendName, arch: string) =>
    results.find((r) => r.backend === backend && r.arch === arch)?.imagesPerSecond;
  const loaded: BackendName[] = BACKEND_NAMES.filter((b) => results.some((r) => r.backend === b));
  if (loaded.includes("cpu") && loaded.length > 1) {
    console.log("\nspeed-up over the cpu backend:");
    for (const arch of archs) {
      const ratios = loaded
        .filter((b) => b !== "cpu")
        .map((b) => {
          const [s, c] = [speed(b, arch), speed("cpu", arch)];
          return `${b} / cpu ${s && c ? `${fmt(s / c)}×` : "-"}`;
        });
      console.log(`  ${arch.padEnd(10)} ${ratios.join("   ")}`);
    }
  }

  console.log();
  const found = findTorchPython();
  if ("skipped" in found) return console.log(`PyTorch peer skipped: ${found.skipped}`);
  const threads = [...new Set([1, cpus().length])];
  for (const n of threads) {
    const peer = runPeer(found.python, n);
    if (typeof peer === "string") {
      console.log(peer);
      continue;
    }
    const ours = loaded.map((b) => {
      const s = speed(b, "resnet20");
      return s ? `${b} ${fmt(s / peer.imagesPerSecond, 2)}×` : "";
    });
    console.log(
      `PyTorch ${peer.torch} ResNet-20, ${peer.threads} thread(s): ${fmt(peer.imagesPerSecond)} img/s ` +
        `(step ${fmt(peer.stepMs, 0)} ms: fwd ${fmt(peer.forwardMs, 0)} / bwd ${fmt(peer.backwardMs, 0)} / opt ${fmt(peer.optimizerMs, 0)})` +
        `; seedscope / PyTorch: ${ours.filter(Boolean).join(", ") || "- (resnet20 not run)"}`,
    );
  }
}

await main();
