import * as tf from "@tensorflow/tfjs-core";
import { zeros, type Init } from "../init";
import type { ParamStore } from "../params";

/** Dense layer on the last axis: y = x W + b, W of shape [in, out]. */
export class Linear {
  private readonly weight: tf.Variable;
  private readonly bias: tf.Variable | null;

  constructor(
    store: ParamStore,
    name: string,
    readonly inDim: number,
    readonly outDim: number,
    init: Init,
    options: { bias?: boolean; biasInit?: Init } = {},
  ) {
    this.weight = store.create(`${name}.weight`, [inDim, outDim], init);
    this.bias =
      options.bias === false
        ? null
        : store.create(`${name}.bias`, [outDim], options.biasInit ?? zeros, { weightDecay: false });
  }

  apply(x: tf.Tensor): tf.Tensor {
    const lead = x.shape.slice(0, -1);
    let y: tf.Tensor = tf.matMul(tf.reshape(x, [-1, this.inDim]), this.weight);
    if (this.bias) y = tf.add(y, this.bias);
    return tf.reshape(y, [...lead, this.outDim]);
  }
}

export interface ConvOptions {
  stride?: number;
  /** Symmetric zero padding in pixels; default k/2 rounded down (PyTorch's usual "same" for odd k). */
  pad?: number;
  bias?: boolean;
  /** Depthwise (groups = channels): filter [k, k, C, 1], outChannels must equal inChannels. */
  depthwise?: boolean;
}

/** 2-D convolution on NHWC input. */
export class Conv2d {
  private readonly filter: tf.Variable;
  private readonly bias: tf.Variable | null;
  private readonly stride: number;
  private readonly pad: number;
  private readonly depthwise: boolean;

  constructor(
    store: ParamStore,
    name: string,
    readonly inChannels: number,
    readonly outChannels: number,
    readonly kernel: number,
    init: Init,
    options: ConvOptions = {},
  ) {
    this.depthwise = options.depthwise ?? false;
    if (this.depthwise && inChannels !== outChannels)
      throw new Error(`${name}: depthwise conv needs in = out channels`);
    this.stride = options.stride ?? 1;
    this.pad = options.pad ?? Math.floor(kernel / 2);
    const shape = this.depthwise ? [kernel, kernel, inChannels, 1] : [kernel, kernel, inChannels, outChannels];
    this.filter = store.create(`${name}.weight`, shape, init);
    this.bias = options.bias ? store.create(`${name}.bias`, [outChannels], zeros, { weightDecay: false }) : null;
  }

  apply(x: tf.Tensor): tf.Tensor4D {
    const x4 = x as tf.Tensor4D;
    let y = this.depthwise
      ? tf.depthwiseConv2d(x4, this.filter as tf.Tensor4D, this.stride, this.pad)
      : tf.conv2d(x4, this.filter as tf.Tensor4D, this.stride, this.pad);
    if (this.bias) y = tf.add(y, this.bias);
    return y;
  }

  /** Output side length for an input side length. */
  outSize(size: number): number {
    return Math.floor((size + 2 * this.pad - this.kernel) / this.stride) + 1;
  }

  /** Multiply-accumulates for an input of side `size`. */
  macs(size: number): number {
    const out = this.outSize(size);
    const perPixel =
      this.kernel * this.kernel * (this.depthwise ? this.inChannels : this.inChannels * this.outChannels);
    return out * out * perPixel;
  }
}
