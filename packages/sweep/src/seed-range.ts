import { UserError } from "@seedscope/core";

const MAX_SEED = 2_147_483_647;

/**
 * Seeds from the command line: `0-99` (inclusive range), `7`, or a comma list of either (`0-4,10,20-22`).
 * Returned sorted, without duplicates.
 */
export function parseSeedRange(text: string): number[] {
  const seeds = new Set<number>();
  for (const part of text.split(",")) {
    const item = part.trim();
    const range = /^(\d+)-(\d+)$/.exec(item);
    const single = /^\d+$/.exec(item);
    if (range) {
      const lo = Number(range[1]);
      const hi = Number(range[2]);
      if (lo > hi) throw new UserError(`--seeds: range "${item}" runs backwards; write it low-high, e.g. ${hi}-${lo}`);
      if (hi > MAX_SEED) throw new UserError(`--seeds: ${hi} is above the largest seed ${MAX_SEED}`);
      if (hi - lo >= 1_000_000) throw new UserError(`--seeds: range "${item}" has more than 1,000,000 seeds`);
      for (let s = lo; s <= hi; s++) seeds.add(s);
    } else if (single) {
      const seed = Number(item);
      if (seed > MAX_SEED) throw new UserError(`--seeds: ${seed} is above the largest seed ${MAX_SEED}`);
      seeds.add(seed);
    } else {
      throw new UserError(`--seeds: "${item}" is not a seed or a range; expected e.g. 0-99, 7 or 0-4,10`);
    }
  }
  return [...seeds].sort((a, b) => a - b);
}
