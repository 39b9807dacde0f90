import { describe, expect, it } from "vitest";
import { decodeCheckpoint, encodeCheckpoint } from "./checkpoint";

describe("checkpoint encoding", () => {
  it("round-trips weights, optimizer state and progress exactly, NaN and odd lengths included", () => {
    const state = {
      epochsDone: 3,
      weights: new Map([
        ["stem/conv", Float32Array.of(1.5, -2, Number.NaN)],
        ["head/bias", Float32Array.of(0.1)],
      ]),
      optimizer: new Map([
        ["step", Float32Array.of(42)],
        ["m/stem/conv", Float32Array.of(1e-30, 3, 4)],
      ]),
    };
    const decoded = decodeCheckpoint(encodeCheckpoint(state));
    expect(decoded.epochsDone).toBe(3);
    expect([...decoded.weights.keys()]).toEqual(["stem/conv", "head/bias"]);
    expect(decoded.weights.get("stem/conv")).toEqual(state.weights.get("stem/conv"));
    expect(decoded.optimizer).toEqual(state.optimizer);
  });
});
