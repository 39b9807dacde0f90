import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { heapAddress } from "../simd/heap-module";
import { allocate, f32, release } from "./wasm-heap";

/*
 * Per-channel sums over the rows of a [rows, channels] float32 tensor, in one order everywhere they are taken
 * (reduce-leading.ts' Sum and Mean, batch-norm.ts' statistics): float64, rows in order within tiles of
 * TILE_ROWS rows, each tile's total added to the channel's total in order. The same values summed this way give
 * the same bits whichever kernel sums them, in TypeScript or on the SIMD module.
 */

/** Rows per tile: a tile of rows stays in cache while its columns are summed. */
export const TILE_ROWS = 256;

/**
 * `count` sums per channel, in the order above. `add(tile, start, end)` adds the values of the rows from flat
 * index start to end into the tile's Float64Arrays (one per sum, zeroed before each tile).
 */
export function channelSums(
  rows: number,
  channels: number,
  count: number,
  add: (tile: Float64Array[], start: number, end: number) => void,
): Float64Array[] {
  const totals = Array.from({ length: count }, () => new Float64Array(channels));
  const tile = Array.from({ length: count }, () => new Float64Array(channels));
  for (let r0 = 0; r0 < rows; r0 += TILE_ROWS) {
    for (const t of tile) t.fill(0);
    add(tile, r0 * channels, Math.min(rows, r0 + TILE_ROWS) * channels);
    for (let k = 0; k < count; k++) {
      const total = totals[k] as Float64Array;
      const part = tile[k] as Float64Array;
      for (let c = 0; c < channels; c++) total[c] = (total[c] as number) + (part[c] as number);
    }
  }
  return totals;
}

/**
 * {@link channelSums} on the SIMD module: `addTile(accAddress, firstRow, rows)` adds one tile's values into
 * `count` float64 arrays of `channels` at accAddress (zeroed before each tile), a heap scratch freed afterwards.
 */
export function channelSumsOnHeap(
  backend: BackendWasm,
  rows: number,
  channels: number,
  count: number,
  addTile: (acc: number, firstRow: number, tileRows: number) => void,
): Float64Array[] {
  const scratch = allocate(backend, [2 * count * channels]);
  const acc = heapAddress(backend, scratch.dataId);
  // The module's functions allocate nothing, so the heap cannot grow and detach this view while it is used.
  const sums = new Float64Array(f32(backend, scratch).buffer, acc, count * channels);
  const totals = channelSums(rows, channels, count, (tile, start) => {
    sums.fill(0);
    const firstRow = start / channels;
    addTile(acc, firstRow, Math.min(TILE_ROWS, rows - firstRow));
    tile.forEach((t, k) => t.set(sums.subarray(k * channels, (k + 1) * channels)));
  });
  release(backend, scratch);
  return totals;
}

/** out[c] = sum[c], or sum[c] / rows for a mean (NaN without rows), rounded to float32. */
export function writeSums(out: Float32Array, sum: Float64Array, rows: number, mean: boolean): void {
  if (!mean) out.set(sum);
  else for (let c = 0; c < out.length; c++) out[c] = rows === 0 ? Number.NaN : (sum[c] as number) / rows;
}
