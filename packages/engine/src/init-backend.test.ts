import { UserError } from "@seedscope/core";
import { getBackend, tensor } from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import type { BACKEND_NAMES } from "./backend-names";
import { initBackend } from "./init-backend";
import { nativeImport } from "./native-import";

// The native packages (@tensorflow/tfjs-node, -gpu) cannot be installed on these machines; where
// they are installed, the automatic choice takes them and the assertions on `failed` do not apply.
const nativeInstalled = await nativeImport("@tensorflow/tfjs-node").then(
  () => true,
  () => false,
);

describe("initBackend", () => {
  it.skipIf(nativeInstalled)("falls back to wasm (with SIMD) and records why the native backends failed", async () => {
    const info = await initBackend();
    expect(info.name).toBe("wasm");
    expect(getBackend()).toBe("wasm");
    expect(info.packageName).toBe("@tensorflow/tfjs-backend-wasm");
    expect(info.tfjsCoreVersion).toMatch(/^4\.22\./);
    expect(info.simd).toBe(true);
    expect(info.threads).toBeGreaterThanOrEqual(1);
    expect(info.device.cpuCount).toBeGreaterThanOrEqual(1);
    expect(info.device.cpuModel.length).toBeGreaterThan(0);
    expect(info.failed.map((f) => f.name)).toEqual(["tensorflow-gpu", "tensorflow"]);
    expect(info.failed[1]).toMatchObject({ packageName: "@tensorflow/tfjs-node", reason: "is not installed" });
    expect(Array.from(tensor([1, 2]).dataSync())).toEqual([1, 2]);
  });

  it.skipIf(nativeInstalled)(
    "fails with a UserError naming the backend, package and reason when a forced backend cannot load",
    async () => {
      const error = await initBackend({ backend: "tensorflow" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as Error).message).toMatch(
        /^backend 'tensorflow' \(@tensorflow\/tfjs-node\) is not installed — .*--backend wasm/,
      );
    },
  );

  it("loads a forced cpu or wasm backend", async () => {
    const cpu = await initBackend({ backend: "cpu" });
    expect([cpu.name, cpu.threads, cpu.simd, cpu.failed.length, getBackend()]).toEqual(["cpu", 1, false, 0, "cpu"]);
    const wasm = await initBackend({ backend: "wasm" });
    expect([wasm.name, getBackend()]).toEqual(["wasm", "wasm"]);
  });

  it("rejects an unknown backend name", async () => {
    const error = await initBackend({ backend: "webgl" as (typeof BACKEND_NAMES)[number] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toContain("tensorflow-gpu, tensorflow, wasm, cpu");
  });
});
