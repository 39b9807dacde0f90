import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { initBackend } from "./init-backend";
import { MemoryTracker } from "./memory-tracker";

describe("MemoryTracker", () => {
  it("keeps the high-water marks of tensor bytes, wasm heap and RSS", async () => {
    await initBackend({ backend: "wasm" });
    const tracker = new MemoryTracker();
    const before = tracker.peak();
    expect(before.rssMB).toBeGreaterThan(10);
    expect(before.wasmHeapMB).toBeGreaterThan(0);
    const big = tf.zeros([4, 1024, 1024]); // 16 MiB
    tracker.sample();
    big.dispose();
    tracker.sample();
    const after = tracker.peak();
    expect(after.tensorsMB - before.tensorsMB).toBeGreaterThanOrEqual(16);
    expect(after.wasmHeapMB).toBeGreaterThanOrEqual(16);
    expect(after.rssMB).toBeGreaterThanOrEqual(before.rssMB);
    tracker.reset();
    expect(tracker.peak().tensorsMB).toBeLessThan(after.tensorsMB);
  });

  it("reports no wasm heap on other backends", async () => {
    await initBackend({ backend: "cpu" });
    expect(new MemoryTracker().peak().wasmHeapMB).toBeNull();
  });

  it("samples cheaply", () => {
    const tracker = new MemoryTracker();
    const t0 = performance.now();
    for (let i = 0; i < 1000; i++) tracker.sample();
    expect((performance.now() - t0) / 1000).toBeLessThan(0.5); // ms per sample
  });
});
