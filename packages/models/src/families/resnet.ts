import * as tf from "@tensorflow/tfjs-core";
import { fanInUniform, kaimingNormal } from "../init";
import { Conv2d, Linear } from "../layers/linear";
import { BatchNorm } from "../layers/norm";
import type { ParamStore } from "../params";
import { residual, type ForwardContext } from "../residual";
import type { BranchInfo } from "../types";
import { scaleStageWidths, type ArchDefinition, type Network, type ResolvedSpec } from "../family";

/**
 * He et al.'s CIFAR ResNets (depth 6n+2): a 3×3 stem conv, three stages of n basic blocks with
 * 16/32/64 channels (× widthScale), stride-2 transitions, global average pooling and a linear head.
 * Shortcuts are option A of the paper — identity, with 2× subsampling and zero channels appended at a
 * transition — so the shortcut has no parameters (ResNet-20 has 0.27 M parameters, as in the paper).
 * Init: He normal (fan-in) for convs, as the paper; the head's init is not given, PyTorch's default.
 */
const BASE_WIDTHS = [16, 32, 64] as const;

/** Option A shortcut: keep every other row and column, then append zero channels up to `outChannels`. */
export function optionAShortcut(x: tf.Tensor, outChannels: number): tf.Tensor {
  const [b, h, w, c] = x.shape as [number, number, number, number];
  const h2 = Math.ceil(h / 2);
  const w2 = Math.ceil(w / 2);
  let t =
    h % 2 || w % 2
      ? tf.pad(x, [
          [0, 0],
          [0, h % 2],
          [0, w % 2],
          [0, 0],
        ])
      : x;
  // Rows: [b·h2, 2, 2·w2·c] keep index 0; columns: [b·h2·w2, 2·c] keep the first c. Slice has a
  // gradient in tfjs; strided slice does not.
  t = tf.slice(tf.reshape(t, [b * h2, 2, 2 * w2 * c]), [0, 0, 0], [b * h2, 1, 2 * w2 * c]);
  t = tf.reshape(tf.slice(tf.reshape(t, [b * h2 * w2, 2 * c]), [0, 0], [b * h2 * w2, c]), [b, h2, w2, c]);
  return outChannels > c
    ? tf.pad(t, [
        [0, 0],
        [0, 0],
        [0, 0],
        [0, outChannels - c],
      ])
    : t;
}

class BasicBlock {
  private readonly conv1: Conv2d;
  private readonly bn1: BatchNorm;
  private readonly conv2: Conv2d;
  private readonly bn2: BatchNorm;

  constructor(
    store: ParamStore,
    name: string,
    private readonly cin: number,
    private readonly cout: number,
    private readonly stride: number,
  ) {
    this.conv1 = new Conv2d(store, `${name}.conv1`, cin, cout, 3, kaimingNormal(9 * cin), { stride });
    this.bn1 = new BatchNorm(store, `${name}.bn1`, cout);
    this.conv2 = new Conv2d(store, `${name}.conv2`, cout, cout, 3, kaimingNormal(9 * cout));
    this.bn2 = new BatchNorm(store, `${name}.bn2`, cout);
  }

  apply(x: tf.Tensor, ctx: ForwardContext, index: number): tf.Tensor {
    const shortcut = this.stride !== 1 || this.cin !== this.cout ? optionAShortcut(x, this.cout) : x;
    const out = residual(ctx, index, x, shortcut, (t) => {
      const y = tf.relu(this.bn1.apply(this.conv1.apply(t), ctx));
      return this.bn2.apply(this.conv2.apply(y), ctx);
    });
    return tf.relu(out);
  }

  macs(size: number): number {
    return this.conv1.macs(size) + this.conv2.macs(this.conv1.outSize(size));
  }

  outSize(size: number): number {
    return this.conv1.outSize(size);
  }
}

class ResNet implements Network {
  readonly branches: BranchInfo[] = [];
  readonly stages: number[];
  private readonly stem: Conv2d;
  private readonly stemBn: BatchNorm;
  private readonly blocks: BasicBlock[] = [];
  private readonly head: Linear;

  constructor(spec: ResolvedSpec, store: ParamStore, blocksPerStage: number) {
    const widths = scaleStageWidths(BASE_WIDTHS, spec.widthScale);
    this.stem = new Conv2d(store, "stem.conv", spec.channels, widths[0]!, 3, kaimingNormal(9 * spec.channels));
    this.stemBn = new BatchNorm(store, "stem.bn", widths[0]!);
    let cin = widths[0]!;
    widths.forEach((cout, stage) => {
      for (let b = 0; b < blocksPerStage; b++) {
        const name = `stage${stage + 1}.block${b}`;
        this.branches.push({ index: this.branches.length, stage, blockInStage: b, name });
        this.blocks.push(new BasicBlock(store, name, cin, cout, stage > 0 && b === 0 ? 2 : 1));
        cin = cout;
      }
    });
    this.stages = widths.map(() => blocksPerStage);
    this.head = new Linear(store, "head", cin, spec.numClasses, fanInUniform(cin), { biasInit: fanInUniform(cin) });
  }

  forward(x: tf.Tensor4D, ctx: ForwardContext): tf.Tensor2D {
    let h = tf.relu(this.stemBn.apply(this.stem.apply(x), ctx));
    this.blocks.forEach((block, i) => (h = block.apply(h, ctx, i)));
    return this.head.apply(tf.mean(h, [1, 2])) as tf.Tensor2D;
  }

  macs(imageSize: number): number {
    let size = imageSize;
    let total = this.stem.macs(size);
    size = this.stem.outSize(size);
    for (const block of this.blocks) {
      total += block.macs(size);
      size = block.outSize(size);
    }
    return total + this.head.inDim * this.head.outDim;
  }
}

export function resnetArch(depth: number): ArchDefinition {
  if ((depth - 2) % 6 !== 0) throw new Error(`CIFAR ResNet depth must be 6n+2, got ${depth}`);
  const n = (depth - 2) / 6;
  return {
    name: `resnet${depth}`,
    family: "resnet",
    description: `CIFAR ResNet-${depth} (He et al.): 3 stages × ${n} basic blocks, 16/32/64 channels, BN, option-A shortcuts`,
    build: (spec, store) => new ResNet(spec, store, n),
  };
}
