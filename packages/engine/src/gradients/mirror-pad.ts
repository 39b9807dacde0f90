import {
  MirrorPad,
  add,
  getGradient,
  pad,
  registerGradient,
  reverse,
  slice,
  unregisterGradient,
} from "@tensorflow/tfjs-core";
import type { GradConfig, MirrorPadAttrs, Tensor } from "@tensorflow/tfjs-core";

/**
 * tfjs 4.22's MirrorPad gradient only crops the centre of dy, dropping the gradient that flows
 * through the mirrored border copies (measured: identical wrong values on cpu and wasm). The
 * correct gradient folds each border back onto the input positions it copied, axis by axis.
 */
const mirrorPadGradient: GradConfig = {
  kernelName: MirrorPad,
  inputsToSave: ["x"],
  gradFunc: (dy, saved, attrs) => {
    const x = saved[0];
    if (x === undefined || Array.isArray(dy)) throw new Error("MirrorPad gradient: unexpected inputs");
    const { paddings, mode } = attrs as unknown as MirrorPadAttrs;
    return { x: () => foldMirroredBorders(dy, x.shape, paddings, mode === "reflect" ? 1 : 0) };
  },
};

function foldMirroredBorders(dy: Tensor, xShape: number[], paddings: Array<[number, number]>, offset: number): Tensor {
  let g = dy;
  paddings.forEach(([before, after], axis) => {
    if (before === 0 && after === 0) return;
    const n = xShape[axis] as number;
    const at = (start: number, size: number): [number[], number[]] => {
      const begin = g.shape.map((_, i) => (i === axis ? start : 0));
      const sizes = g.shape.map((d, i) => (i === axis ? size : d));
      return [begin, sizes];
    };
    const padAlong = (t: Tensor, lo: number, hi: number): Tensor =>
      pad(
        t,
        t.shape.map((_, i): [number, number] => (i === axis ? [lo, hi] : [0, 0])),
      );
    let centre = slice(g, ...at(before, n));
    if (before > 0) {
      const border = reverse(slice(g, ...at(0, before)), axis);
      centre = add(centre, padAlong(border, offset, n - offset - before));
    }
    if (after > 0) {
      const border = reverse(slice(g, ...at(before + n, after)), axis);
      centre = add(centre, padAlong(border, n - offset - after, offset));
    }
    g = centre;
  });
  return g;
}

/** Replaces tfjs's MirrorPad gradient with the correct one (idempotent). */
export function fixMirrorPadGradient(): void {
  if (getGradient(MirrorPad) === mirrorPadGradient) return;
  if (getGradient(MirrorPad) !== undefined) unregisterGradient(MirrorPad);
  registerGradient(mirrorPadGradient);
}
