import { xoroshiro128plus, xoroshiro128plusFromState } from "pure-rand/generator/xoroshiro128plus";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";

/** Serializable state of a {@link SeededRandom}, stored in checkpoints so a resumed run continues the same stream. */
export interface RandomState {
  readonly generator: "xoroshiro128plus";
  readonly state: readonly number[];
  /** A cached second normal deviate from the Box-Muller pair, if any. */
  readonly spareNormal: number | null;
}

/** 32-bit FNV-1a over a string, mixed with the seed: derives independent streams from (seed, name). */
function streamSeed(seed: number, name: string): number {
  let h = 0x811c9dc5 ^ (seed | 0);
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // Final avalanche (murmur3 fmix32) so that nearby seeds give unrelated generator seeds.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/**
 * The only source of randomness in seedscope. Every random choice of a run (init, data order,
 * augmentation, layer drop) draws from a named stream forked from the run's seed, so adding a draw to
 * one stream never shifts another.
 */
export class SeededRandom {
  private spareNormal: number | null = null;

  private constructor(private readonly rng: RandomGenerator) {}

  static fromSeed(seed: number, stream = "root"): SeededRandom {
    if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
    return new SeededRandom(xoroshiro128plus(streamSeed(seed, stream)));
  }

  static fromState(state: RandomState): SeededRandom {
    const r = new SeededRandom(xoroshiro128plusFromState(state.state));
    r.spareNormal = state.spareNormal;
    return r;
  }

  state(): RandomState {
    return { generator: "xoroshiro128plus", state: [...this.rng.getState()], spareNormal: this.spareNormal };
  }

  /** An independent stream named `name`, derived from this stream's next draw. */
  fork(name: string): SeededRandom {
    return new SeededRandom(xoroshiro128plus(streamSeed(this.rng.next(), name)));
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return uniformFloat64(this.rng);
  }

  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new Error(`int(n) needs a positive integer n, got ${n}`);
    return uniformInt(this.rng, 0, n - 1);
  }

  /** Uniform integer in [lo, hi] (both included). */
  intBetween(lo: number, hi: number): number {
    return uniformInt(this.rng, lo, hi);
  }

  bernoulli(p: number): boolean {
    return this.uniform() < p;
  }

  /** Standard normal deviate (Box-Muller, both values of each pair used). */
  normal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Gamma(shape, 1) deviate (Marsaglia-Tsang), used for Beta draws of mixup / cutmix. */
  gamma(shape: number): number {
    if (shape < 1) return this.gamma(shape + 1) * (this.uniform() || Number.MIN_VALUE) ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = this.normal();
      const v0 = 1 + c * x;
      if (v0 <= 0) continue;
      const v = v0 * v0 * v0;
      const u = this.uniform();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Beta(a, b) deviate. */
  beta(a: number, b: number): number {
    const x = this.gamma(a);
    const y = this.gamma(b);
    return x / (x + y);
  }

  /** Fisher-Yates shuffle in place; returns the array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = items[i] as T;
      items[i] = items[j] as T;
      items[j] = t;
    }
    return items;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i]!;
      p[i] = p[j]!;
      p[j] = t;
    }
    return p;
  }
}
