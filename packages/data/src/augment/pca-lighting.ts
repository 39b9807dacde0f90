import type { SeededRandom } from "@seedscope/core";
import { type FloatImage, imageSize, LUMA } from "./image";

/*
 * AlexNet-style PCA lighting noise (Krizhevsky et al., 2012), as the ResNet ImageNet pipelines that
 * ST++'s code base follows apply it: after the colour jitter, on [0, 1] values, before normalization,
 * without clamping. Per image, α_k ~ N(0, alphastd²) for each of the three principal components of
 * ImageNet's RGB pixels, and every pixel gets Σ_k α_k·λ_k·v_k added.
 */

/** ImageNet's RGB eigenvalues λ_k (values in [0, 1]), largest first. */
export const IMAGENET_PCA_EIGENVALUES = [0.2175, 0.0188, 0.0045] as const;

/** ImageNet's RGB eigenvectors: row = channel (R, G, B), column k = the k-th component v_k. */
export const IMAGENET_PCA_EIGENVECTORS = [
  [-0.5675, 0.7192, 0.4009],
  [-0.5808, -0.0045, -0.814],
  [-0.5836, -0.6948, 0.4203],
] as const;

/** The RGB offset for draws α: rgb_c = Σ_k v_k[c]·α_k·λ_k. */
export function lightingOffset(alpha: readonly [number, number, number]): [number, number, number] {
  const rgb = IMAGENET_PCA_EIGENVECTORS.map((row) =>
    row.reduce((sum, v, k) => sum + v * alpha[k]! * IMAGENET_PCA_EIGENVALUES[k]!, 0),
  );
  return [rgb[0]!, rgb[1]!, rgb[2]!];
}

/**
 * Adds PCA lighting noise of strength `alphastd` (0: off, no draw). On a one-channel image (a grey image
 * whose three RGB channels are equal) the noise seen through the grey conversion is one offset, the
 * luma-weighted sum of the three channel offsets — in effect a random brightness shift with standard
 * deviation ≈ alphastd·0.22·0.58, nearly all from the first component. That is what is added there.
 */
export function pcaLighting(image: FloatImage, alphastd: number, random: SeededRandom): void {
  if (alphastd <= 0) return;
  const alpha: [number, number, number] = [
    alphastd * random.normal(),
    alphastd * random.normal(),
    alphastd * random.normal(),
  ];
  const rgb = lightingOffset(alpha);
  const { data, channels: c } = image;
  const n = imageSize(image);
  if (c >= 3) {
    for (let p = 0; p < n; p += c) for (let ch = 0; ch < 3; ch++) data[p + ch]! += rgb[ch]!;
    return;
  }
  const grey = LUMA[0] * rgb[0] + LUMA[1] * rgb[1] + LUMA[2] * rgb[2];
  for (let i = 0; i < n; i++) data[i]! += grey;
}
