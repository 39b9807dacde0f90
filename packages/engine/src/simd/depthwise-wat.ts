/*
 * The filter gradient of a depthwise convolution (multiplier 1) for the SIMD module: for one image and one filter
 * tap, acc[c] += x[pixel, c] · dy[pixel, c] over the tap's valid output pixels, row after row, four channels at a
 * time. Each product is taken in float64 (exact for float32 operands) and added to a float64 accumulator per
 * channel in memory, in order of (oy, ox): the arithmetic of kernels/depthwise-conv2d-backprop.ts' loop, so the
 * same sums. The caller zeroes acc per image and tap and adds it to its totals, as that loop does.
 */

const get = (name: string) => `(local.get $${name})`;
const high = (v: string) => `(i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 ${v} ${v})`;

/**
 * dw_filter(x, dy, acc, rows, cols, xRow, dyRow, xStep, dyStep, ch): x and dy point at the first valid pixel's
 * channel 0; the next pixel of a row lies xStep / dyStep bytes on, the next row xRow / dyRow bytes on from the
 * row's start; acc holds ch float64 (ch a multiple of 4).
 */
const depthwiseFilter = `
  (func (export "dw_filter") (param $x i32) (param $dy i32) (param $acc i32) (param $rows i32) (param $cols i32)
      (param $xRow i32) (param $dyRow i32) (param $xStep i32) (param $dyStep i32) (param $ch i32)
    (local $px i32) (local $pd i32) (local $o i32) (local $c i32) (local $a i32) (local $bytes i32) (local $xv v128) (local $dv v128)
    (local.set $bytes (i32.shl ${get("ch")} (i32.const 2)))
    (block $done
      (br_if $done (i32.eqz ${get("rows")}))
      (br_if $done (i32.eqz ${get("cols")}))
      (br_if $done (i32.eqz ${get("ch")}))
      (loop $row
        (local.set $px ${get("x")})
        (local.set $pd ${get("dy")})
        (local.set $o ${get("cols")})
        (loop $pixel
          (local.set $c (i32.const 0))
          (loop $channel
            (local.set $xv (v128.load (i32.add ${get("px")} ${get("c")})))
            (local.set $dv (v128.load (i32.add ${get("pd")} ${get("c")})))
            (local.set $a (i32.add ${get("acc")} (i32.shl ${get("c")} (i32.const 1))))
            (v128.store ${get("a")} (f64x2.add (v128.load ${get("a")})
              (f64x2.mul (f64x2.promote_low_f32x4 ${get("xv")}) (f64x2.promote_low_f32x4 ${get("dv")}))))
            (v128.store offset=16 ${get("a")} (f64x2.add (v128.load offset=16 ${get("a")})
              (f64x2.mul (f64x2.promote_low_f32x4 ${high(get("xv"))}) (f64x2.promote_low_f32x4 ${high(get("dv"))}))))
            (br_if $channel (i32.lt_u (local.tee $c (i32.add ${get("c")} (i32.const 16))) ${get("bytes")})))
          (local.set $px (i32.add ${get("px")} ${get("xStep")}))
          (local.set $pd (i32.add ${get("pd")} ${get("dyStep")}))
          (br_if $pixel (local.tee $o (i32.sub ${get("o")} (i32.const 1)))))
        (local.set $x (i32.add ${get("x")} ${get("xRow")}))
        (local.set $dy (i32.add ${get("dy")} ${get("dyRow")}))
        (br_if $row (local.tee $rows (i32.sub ${get("rows")} (i32.const 1)))))))`;

/** The module's depthwise-convolution functions. */
export function depthwiseFunctions(): string {
  return depthwiseFilter;
}
