import type { SeededRandom } from "@seedscope/core";

/**
 * Weight initialisers. Values are drawn in JavaScript from a SeededRandom, never from a backend RNG,
 * so a seed gives bit-identical weights on every backend.
 */
export type Init =
  | { kind: "zeros" }
  | { kind: "constant"; value: number }
  /** Normal(0, std) redrawn outside ±2 std (the DeiT / CaiT / ResMLP convention, std 0.02). */
  | { kind: "truncNormal"; std: number }
  /** He et al. (2015): Normal(0, sqrt(2 / fanIn)), for layers followed by a ReLU-like nonlinearity. */
  | { kind: "kaimingNormal"; fanIn: number }
  /** Uniform(-1/sqrt(fanIn), 1/sqrt(fanIn)): PyTorch's default for layers whose paper gives no init. */
  | { kind: "fanInUniform"; fanIn: number };

export const zeros: Init = { kind: "zeros" };
export const ones: Init = { kind: "constant", value: 1 };
export const constant = (value: number): Init => ({ kind: "constant", value });
export const truncNormal = (std = 0.02): Init => ({ kind: "truncNormal", std });
export const kaimingNormal = (fanIn: number): Init => ({ kind: "kaimingNormal", fanIn });
export const fanInUniform = (fanIn: number): Init => ({ kind: "fanInUniform", fanIn });

export function initValues(init: Init, size: number, rng: SeededRandom): Float32Array {
  const out = new Float32Array(size);
  switch (init.kind) {
    case "zeros":
      return out;
    case "constant":
      return out.fill(init.value);
    case "truncNormal":
      for (let i = 0; i < size; i++) {
        let z = rng.normal();
        while (z < -2 || z > 2) z = rng.normal();
        out[i] = z * init.std;
      }
      return out;
    case "kaimingNormal": {
      const std = Math.sqrt(2 / init.fanIn);
      for (let i = 0; i < size; i++) out[i] = rng.normal() * std;
      return out;
    }
    case "fanInUniform": {
      const bound = 1 / Math.sqrt(init.fanIn);
      for (let i = 0; i < size; i++) out[i] = rng.range(-bound, bound);
      return out;
    }
  }
}
