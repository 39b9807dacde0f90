// Training speed: images/s of a full step (forward + backward + optimizer) for each architecture on each
// backend that loads, its split into forward / backward / optimizer, and peak memory; a roofline: each
// backend's GEMM peak (large square float32 matMuls) measured in the same run, and each cell's training
// GFLOP/s (3 × 2 × the forward multiply-adds the model reports × images/s) as a fraction of that peak and of
// the same matMuls timed in the cell's own process right after its steps (a peak taken at the cell's moment);
// ratios between backends and against PyTorch peers of the same shapes (resnet20, vit-tiny, resmlp-s)
// where python3 can import torch, with torch.mm's own GEMM figure at 1 thread and at all cores.
//   npx tsx bench/train.ts [--archs a,b] [--backends wasm,cpu] [--batch 64] [--size 28] [--steps 10]
//                          [--warmup 2] [--budget 20] [--gemm 512,768,1024] [--peers resnet20,vit-tiny|none]
//                          [--scaling on|off]  (on: the wasm cells again on every core, with the 1 → n scaling)
// Each (backend, arch) cell, and each backend's GEMM measurement, runs in a fresh child process
// (bench/train-cell.ts). --budget caps the seconds of warm-up + measured steps of one cell; where a single
// step at --batch would not fit half of it (the cpu backend's conv gradients), the cell runs at a smaller
// batch, marked † in the table. The PyTorch peers (bench/peers/*_torch.py) run by default for the peer
// architectures among --archs.
import { spawn, spawnSync } from "node:child_process";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { BACKEND_NAMES, isBackendName, type BackendName } from "@seedscope/engine";
import {
  CELL_MARKER,
  type CellResult,
  type CellTimings,
  type ChildRequest,
  GEMM_MARKER,
  type GemmResult,
  trainFlopsPerImage,
} from "./train-protocol";

/** The PyTorch peers: seedscope architecture → its script in bench/peers (same shapes, plain torch.nn). */
const PEERS: Readonly<Record<string, string>> = {
  resnet20: "resnet_torch.py",
  "vit-tiny": "vit_torch.py",
  "resmlp-s": "resmlp_torch.py",
};

const { values: opts } = parseArgs({
  options: {
    archs: { type: "string", default: "resnet20,vit-tiny,cait-xxs,resmlp-s,pcn-s,resnet8" },
    backends: { type: "string", default: BACKEND_NAMES.join(",") },
    batch: { type: "string", default: "64" },
    size: { type: "string", default: "28" },
    steps: { type: "string", default: "10" },
    warmup: { type: "string", default: "2" },
    budget: { type: "string", default: "20" },
    gemm: { type: "string", default: "512,768,1024" },
    peers: { type: "string" },
    scaling: { type: "string", default: "on" },
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
const gemmSizes = (opts.gemm ?? "").split(",").filter(Boolean).map(Number);
const peerArchs =
  opts.peers === undefined
    ? archs.filter((a) => a in PEERS)
    : opts.peers === "none"
      ? []
      : opts.peers.split(",").filter((a) => a in PEERS);

const CELL_SCRIPT = fileURLToPath(new URL("./train-cell.ts", import.meta.url));
const peerScript = (arch: string) => fileURLToPath(new URL(`./peers/${PEERS[arch]}`, import.meta.url));

/** Runs a child node with the same loader (tsx) as this process; the line after `marker`, or why none. */
function runChild(req: ChildRequest, marker: string): Promise<{ json: string } | { failed: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, CELL_SCRIPT, JSON.stringify(req)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("close", (code, signal) => {
      const line = out.split("\n").find((l) => l.startsWith(marker));
      if (line) return resolve({ json: line.slice(marker.length) });
      resolve({ failed: `child exited (${signal ?? code}) ${err.trim().split("\n").pop() ?? ""}` });
    });
  });
}

async function runCell(backend: BackendName, arch: string, wasmThreads = 1): Promise<CellResult> {
  const req = { kind: "train", ...base, backend, arch, wasmThreads, cellPeakSizes: gemmSizes } as const;
  const r = await runChild(req, CELL_MARKER);
  if ("json" in r) return JSON.parse(r.json) as CellResult;
  return { ok: false, backend, arch, loaded: true, error: r.failed };
}

async function runGemm(backend: BackendName, wasmThreads = 1): Promise<GemmResult> {
  const req = { kind: "gemm", backend, sizes: gemmSizes, warmup: 2, reps: 10, budgetS: 5, wasmThreads } as const;
  const r = await runChild(req, GEMM_MARKER);
  if ("json" in r) return JSON.parse(r.json) as GemmResult;
  return { ok: false, backend, loaded: true, error: r.failed };
}

interface PeerResult
  extends Omit<
    CellTimings,
    "simd" | "forwardMacsPerImage" | "warmupSteps" | "cold" | "tensorsMB" | "wasmHeapMB" | "maxRssMB" | "batch"
  > {
  readonly torch: string;
  /** torch.mm's best GFLOP/s per square size, at the peer's thread count. */
  readonly gemm: readonly { readonly n: number; readonly gflops: number }[];
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

function runPeer(python: string, arch: string, threads: number): PeerResult | string {
  const args = [
    peerScript(arch),
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
    "--gemm",
    gemmSizes.join(","),
  ];
  const r = spawnSync(python, args.map(String), { encoding: "utf8" });
  if (r.status !== 0) return `peer failed (${r.status}): ${r.stderr.trim().split("\n").pop() ?? ""}`;
  return JSON.parse(r.stdout.trim().split("\n").pop() ?? "") as PeerResult;
}

const fmt = (x: number, digits = 1) => x.toFixed(digits);
const pct = (part: number, whole: number) => `${Math.round((100 * part) / whole)}%`;
const gflops = (forwardMacsPerImage: number, imagesPerSecond: number) =>
  (trainFlopsPerImage(forwardMacsPerImage) * imagesPerSecond) / 1e9;
const threadsLabel = (n: number) => `${n} thread${n === 1 ? "" : "s"}`;
const backendLabel = (backend: BackendName, threads: number, simd: boolean) =>
  `${backend}${backend === "wasm" ? `(${threads}t${simd ? ",simd" : ""})` : ""}`;

/** Prints a table: the first `left` columns left-aligned, the others right-aligned. */
function printTable(header: readonly string[], lines: readonly (readonly string[])[], left = 2): void {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: readonly string[]) =>
    cells.map((c, i) => (i < left ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(row(header));
  for (const l of lines) console.log(row(l));
}

type Cell = CellResult & { ok: true };
type Gemm = GemmResult & { ok: true };

function printCells(results: readonly Cell[], peaks: ReadonlyMap<BackendName, Gemm>): void {
  const header = [
    "arch",
    "backend",
    "batch",
    "img/s",
    "fwd MMAC/img",
    "train GFLOP/s",
    "of GEMM peak",
    "of cell's peak",
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
  const lines = results.map((r) => {
    const g = gflops(r.forwardMacsPerImage, r.imagesPerSecond);
    const peak = peaks.get(r.backend)?.peakGflops;
    return [
      r.arch,
      backendLabel(r.backend, r.threads, r.simd),
      `${r.batch}${r.batch < base.batch ? "†" : ""}`,
      fmt(r.imagesPerSecond),
      fmt(r.forwardMacsPerImage / 1e6, 2),
      fmt(g),
      peak === undefined ? "-" : pct(g, peak),
      r.cellPeakGflops === null ? "-" : `${pct(g, r.cellPeakGflops)} of ${fmt(r.cellPeakGflops)}`,
      fmt(r.stepMs, 0),
      fmt(r.forwardMs, 0),
      fmt(r.backwardMs, 0),
      fmt(r.optimizerMs, 0),
      [r.forwardMs, r.backwardMs, r.optimizerMs]
        .map((t) => pct(t, r.forwardMs + r.backwardMs + r.optimizerMs))
        .join("/"),
      fmt(r.tensorsMB, 0),
      r.wasmHeapMB === null ? "-" : fmt(r.wasmHeapMB, 0),
      fmt(r.maxRssMB, 0),
      `${r.measuredSteps}${r.cold ? "*" : ""}`,
    ];
  });
  printTable(header, lines);
  console.log(
    "fwd MMAC/img: forward multiply-adds per image as the model reports them (1 MAC = 2 FLOPs); " +
      "train GFLOP/s = 3 × 2 × MAC/img × img/s (backward ≈ 2 × forward); of GEMM peak: ÷ the backend's GEMM peak above; " +
      "of cell's peak: ÷ the same square matMuls timed in the cell's own process right after its steps (the machine's speed drifts)",
  );
  if (results.some((r) => r.batch < base.batch)) {
    console.log(
      `† one step at batch ${base.batch} would not fit half the budget: measured at a smaller batch (doubled from 1 while the next step fitted)`,
    );
  }
  if (results.some((r) => r.cold))
    console.log("* no step fitted the budget after warm-up: figures from the warm-up step(s)");
}

const describeGemm = (sizes: readonly { readonly n: number; readonly gflops: number }[]) =>
  sizes.map((s) => `${s.n}² ${fmt(s.gflops)}`).join(", ");
const bestGemm = (sizes: readonly { readonly gflops: number }[]) => Math.max(...sizes.map((s) => s.gflops));

function printPeers(
  results: readonly Cell[],
  peaks: ReadonlyMap<BackendName, Gemm>,
  peers: ReadonlyMap<string, ReadonlyMap<number, PeerResult>>,
  threads: readonly number[],
): void {
  const cell = (backend: BackendName, arch: string) => results.find((r) => r.backend === backend && r.arch === arch);
  const loaded: BackendName[] = BACKEND_NAMES.filter((b) => results.some((r) => r.backend === b));
  const all = [...peers.values()].flatMap((m) => [...m.values()]);
  const torchPeak = (n: number) => {
    const sizes = all.filter((p) => p.threads === n).flatMap((p) => p.gemm);
    return sizes.length > 0 ? `${fmt(bestGemm(sizes))} GFLOP/s` : "-";
  };
  const ourPeaks = [...peaks.values()].map(
    (g) => `${backendLabel(g.backend, g.threads, g.simd)} tf.matMul ${fmt(g.peakGflops)} GFLOP/s`,
  );
  console.log(
    `PyTorch ${all[0]?.torch ?? "?"} peers (same shapes, batch, size, steps, warm-up and budget as the cells). ` +
      `GEMM peaks (float32 squares ${gemmSizes.join(", ")}): ${[...ourPeaks, ...threads.map((n) => `torch.mm ${threadsLabel(n)} ${torchPeak(n)}`)].join("; ")}`,
  );
  const header = [
    "arch",
    "params ours / torch",
    ...threads.map((n) => `torch ${n}t img/s`),
    ...threads.map((n) => `torch ${n}t GFLOP/s (of mm)`),
    ...threads.map((n) => `torch.mm ${n}t`),
    ...loaded.map((b) => `${b} img/s`),
    ...loaded.flatMap((b) => threads.map((n) => `${b} ÷ torch ${n}t`)),
  ];
  const lines = [...peers].map(([arch, byThreads]) => {
    const macs = results.find((r) => r.arch === arch)?.forwardMacsPerImage;
    const peer = (n: number) => byThreads.get(n);
    const params = results.find((r) => r.arch === arch)?.params;
    return [
      arch,
      `${params ?? "-"} / ${peer(threads[0]!)?.params ?? "-"}`,
      ...threads.map((n) => {
        const p = peer(n);
        return p ? fmt(p.imagesPerSecond) : "-";
      }),
      ...threads.map((n) => {
        const p = peer(n);
        if (!p || macs === undefined) return "-";
        const g = gflops(macs, p.imagesPerSecond);
        return p.gemm.length > 0 ? `${fmt(g)} (${pct(g, bestGemm(p.gemm))})` : fmt(g);
      }),
      ...threads.map((n) => {
        const p = peer(n);
        return p && p.gemm.length > 0 ? fmt(bestGemm(p.gemm)) : "-";
      }),
      ...loaded.map((b) => {
        const c = cell(b, arch);
        return c ? fmt(c.imagesPerSecond) : "-";
      }),
      ...loaded.flatMap((b) =>
        threads.map((n) => {
          const [c, p] = [cell(b, arch), peer(n)];
          return c && p ? `${fmt(c.imagesPerSecond / p.imagesPerSecond, 2)}×` : "-";
        }),
      ),
    ];
  });
  printTable(header, lines, 1);
  console.log(
    "torch GFLOP/s: the same 3 × 2 × MAC/img as the cells × torch img/s; (of mm): ÷ the peer's own torch.mm peak at that thread count",
  );
}

async function main(): Promise<void> {
  console.log(
    `training step, batch ${base.batch}, ${base.size}×${base.size}×1, 10 classes, SGD momentum 0.9; ` +
      `${base.warmup} warm-up + up to ${base.steps} steps or ${base.budgetS} s per cell; ${cpus().length}× ${cpus()[0]?.model.trim()}`,
  );
  const results: Cell[] = [];
  const peaks = new Map<BackendName, Gemm>();
  for (const backend of backends) {
    if (gemmSizes.length > 0) {
      const g = await runGemm(backend);
      if (!g.ok) {
        console.log(`  ${backend} / GEMM peak: ${g.loaded ? "failed" : "did not load"}: ${g.error}`);
        if (!g.loaded) continue;
      } else {
        console.error(`  ${backend} / GEMM peak: ${fmt(g.peakGflops)} GFLOP/s (${describeGemm(g.sizes)})`);
        peaks.set(backend, g);
      }
    }
    for (const arch of archs) {
      const r = await runCell(backend, arch);
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
  for (const g of peaks.values()) {
    console.log(
      `GEMM peak ${backendLabel(g.backend, g.threads, g.simd)}: ${fmt(g.peakGflops)} GFLOP/s — float32 n×n tf.matMul, ` +
        `best of 2 warm-up + up to 10 timed per n (2·n³ FLOPs): ${describeGemm(g.sizes)}`,
    );
  }
  if (results.length > 0) printCells(results, peaks);
  if (opts.scaling !== "off" && backends.includes("wasm") && cpus().length > 1) await printScaling(results);

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
  if (peerArchs.length === 0)
    return console.log(`PyTorch peers: none asked for (peers exist for ${Object.keys(PEERS).join(", ")})`);
  const found = findTorchPython();
  if ("skipped" in found) return console.log(`PyTorch peers skipped: ${found.skipped}`);
  const threads = [...new Set([1, cpus().length])];
  const peers = new Map<string, Map<number, PeerResult>>();
  for (const arch of peerArchs) {
    const byThreads = new Map<number, PeerResult>();
    for (const n of threads) {
      const peer = runPeer(found.python, arch, n);
      if (typeof peer === "string") {
        console.log(`  PyTorch ${arch}, ${threadsLabel(n)}: ${peer}`);
        continue;
      }
      console.log(
        `  PyTorch ${arch}, ${threadsLabel(n)}: ${fmt(peer.imagesPerSecond)} img/s ` +
          `(fwd ${fmt(peer.forwardMs, 0)} / bwd ${fmt(peer.backwardMs, 0)} / opt ${fmt(peer.optimizerMs, 0)} ms); ` +
          `torch.mm ${describeGemm(peer.gemm)} GFLOP/s`,
      );
      byThreads.set(n, peer);
    }
    peers.set(arch, byThreads);
  }
  printPeers(results, peaks, peers, threads);
}

/**
 * One run on all cores: the wasm backend's thread pool at every core, each architecture's img/s beside its
 * 1-thread figure above (results are bit-identical across thread counts; see packages/engine's wasm-threads test).
 */
async function printScaling(oneThread: readonly Cell[]): Promise<void> {
  const n = cpus().length;
  const gemm = gemmSizes.length > 0 ? await runGemm("wasm", n) : undefined;
  const rows: string[] = [];
  for (const arch of archs) {
    const single = oneThread.find((r) => r.backend === "wasm" && r.arch === arch);
    const r = await runCell("wasm", arch, n);
    if (!r.ok || !single) {
      rows.push(`  ${arch.padEnd(10)} ${r.ok ? "no 1-thread figure" : r.error}`);
      continue;
    }
    console.error(`  wasm ${n} threads / ${arch}: ${fmt(r.imagesPerSecond)} img/s`);
    rows.push(
      `  ${arch.padEnd(10)} ${fmt(single.imagesPerSecond).padStart(7)} → ${fmt(r.imagesPerSecond).padStart(7)} img/s   ${fmt(r.imagesPerSecond / single.imagesPerSecond)}×   max RSS ${fmt(r.maxRssMB, 0)} MB`,
    );
  }
  console.log(`\nwasm 1 → ${n} threads (one run on all cores):`);
  if (gemm?.ok)
    console.log(`  GEMM peak at ${n} threads: ${fmt(gemm.peakGflops)} GFLOP/s (${describeGemm(gemm.sizes)})`);
  for (const row of rows) console.log(row);
}

await main();
