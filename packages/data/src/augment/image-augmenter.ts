import type { RandAugmentSettings, SeededRandom } from "@seedscope/core";
import { UserError } from "@seedscope/core";
import type { Dataset, ImageShape } from "../dataset";
import { Resampler } from "../resample";
import type { AugmentConfig } from "./config";
import { colorJitter } from "./color-jitter";
import { centerCrop, randomResizedCrop, simpleRandomCrop } from "./crop";
import type { SourceImage } from "./crop";
import { flipHorizontal } from "./flip";
import { Scratch } from "./image";
import type { FloatImage } from "./image";
import { normalizeInto } from "./normalize";
import { autoAugment } from "./auto-augment";
import { pcaLighting } from "./pca-lighting";
import type { PolicyContext } from "./policy-ops";
import { RAND_AUGMENT_OP_PROB, type RandAugmentOptions, randAugment } from "./rand-augment";
import { timmRandAugment } from "./rand-augment-timm";
import { randomErasing } from "./random-erasing";
import { blurSigmaAt, SOLARIZE_THRESHOLD, type ThreeAugmentOptions, threeAugment } from "./three-augment";

/** What an augmenter needs to know of a dataset. */
export type AugmentedDataset = Pick<Dataset, "shape" | "horizontalFlip" | "mean" | "std">;

/**
 * Turns one stored uint8 image into a normalized float image of the output size. Works on [0, 1]
 * floats from the crop on (the crop reads the bytes directly), and keeps its work buffers between
 * images. Not safe to share between concurrent users; it holds state only as scratch space.
 */
export class ImageAugmenter {
  readonly outputShape: ImageShape;
  private readonly resampler = new Resampler();
  private readonly scratch = new Scratch();
  private readonly work: FloatImage;
  private readonly source: { data: Uint8Array; height: number; width: number; channels: number };
  private readonly randAugment: (RandAugmentOptions & Pick<RandAugmentSettings, "ops">) | null;
  private readonly threeAugmentOptions: ThreeAugmentOptions;

  constructor(
    readonly config: AugmentConfig,
    readonly dataset: AugmentedDataset,
    outputSize: number = Math.min(dataset.shape.height, dataset.shape.width),
  ) {
    if (!Number.isInteger(outputSize) || outputSize < 1) {
      throw new UserError(`output size must be a positive integer, got ${outputSize}`);
    }
    const c = dataset.shape.channels;
    this.outputShape = { height: outputSize, width: outputSize, channels: c };
    this.work = {
      data: new Float32Array(outputSize * outputSize * c),
      height: outputSize,
      width: outputSize,
      channels: c,
    };
    this.source = { data: new Uint8Array(0), height: dataset.shape.height, width: dataset.shape.width, channels: c };
    if (config.crop.kind === "src" && config.crop.pad >= outputSize) {
      throw new UserError(
        `augment.crop.pad (${config.crop.pad}) must be smaller than the output size (${outputSize}); lower it`,
      );
    }
    this.randAugment = config.randAugment && { ...config.randAugment, prob: RAND_AUGMENT_OP_PROB };
    this.threeAugmentOptions = {
      blurSigma: blurSigmaAt(config.blurSigma, config.blurReferenceResolution, outputSize),
      solarizeThreshold: SOLARIZE_THRESHOLD,
    };
  }

  private sourceOf(image: Uint8Array): SourceImage {
    this.source.data = image;
    return this.source;
  }

  /** The training view of `image` written, normalized, into `out` from `offset`. */
  trainInto(image: Uint8Array, random: SeededRandom, out: Float32Array, offset: number): void {
    const config = this.config;
    const work = this.work;
    const source = this.sourceOf(image);
    const crop = config.crop;
    if (crop.kind === "rrc") randomResizedCrop(source, work, random, this.resampler, crop.scale, crop.ratio);
    else if (crop.kind === "src") simpleRandomCrop(source, work, random, this.resampler, this.scratch, crop.pad);
    else centerCrop(source, work, this.resampler, config.testCropRatio);

    if (config.hflip && this.dataset.horizontalFlip && random.bernoulli(0.5)) flipHorizontal(work);
    if (config.threeAugment) threeAugment(work, random, this.scratch, this.threeAugmentOptions);
    else if (this.randAugment || config.autoAugment !== null) this.policyAugment(work, random);
    colorJitter(work, config.colorJitter, random);
    pcaLighting(work, config.pcaLighting, random);

    normalizeInto(work, this.dataset.mean, this.dataset.std, out, offset);
    if (config.randomErasing > 0) {
      const size = work.height * work.width * work.channels;
      const view = { ...this.outputShape, data: out.subarray(offset, offset + size) };
      randomErasing(view, config.randomErasing, random);
    }
  }

  /** RandAugment (timm's ops or seedscope's version-1 list) or AutoAugment, on the image's own draws. */
  private policyAugment(work: FloatImage, random: SeededRandom): void {
    const ctx: PolicyContext = { random, scratch: this.scratch, fill: this.dataset.mean };
    const rand = this.randAugment;
    if (rand === null) {
      if (this.config.autoAugment !== null) autoAugment(work, this.config.autoAugment, ctx);
    } else if (rand.ops === "timm") timmRandAugment(work, rand, ctx);
    else randAugment(work, rand, ctx);
  }

  /** The evaluation view (resize and centre crop by `testCropRatio`, no randomness), normalized. */
  evalInto(image: Uint8Array, out: Float32Array, offset: number): void {
    centerCrop(this.sourceOf(image), this.work, this.resampler, this.config.testCropRatio);
    normalizeInto(this.work, this.dataset.mean, this.dataset.std, out, offset);
  }
}
