import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { wasmBinaryFolder } from "./wasm-paths";

describe("wasmBinaryFolder", () => {
  it("finds the wasm binaries in node_modules", () => {
    const folder = wasmBinaryFolder();
    expect(folder.endsWith("/")).toBe(true);
    expect(existsSync(`${folder}tfjs-backend-wasm-simd.wasm`)).toBe(true);
  });
});
