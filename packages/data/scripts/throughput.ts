// Prints the single-thread throughput (augmented images/s) of the training batch builder: the built-in
// digits at 28 and 16 px, and a synthetic CIFAR-sized set (32×32 RGB) for the colour pipelines.
import { getRecipe, listRecipes } from "@seedscope/recipes";
import { augmentConfigOf, NO_AUGMENTATION, loadDigits, measureTrainThroughput } from "../src/index";
import type { Dataset } from "../src/index";
import { syntheticDataset } from "../src/testing/fixtures";

const configs = {
  none: NO_AUGMENTATION,
  ...Object.fromEntries(listRecipes().map((name) => [name, augmentConfigOf(getRecipe(name))])),
};
const datasets: Dataset[] = [
  loadDigits(),
  loadDigits({ resolution: 16 }),
  { ...syntheticDataset({ height: 32, width: 32, channels: 3 }, 10, 500), name: "rgb32 (synthetic)" },
];
for (const dataset of datasets) {
  for (const [name, config] of Object.entries(configs)) {
    measureTrainThroughput(dataset, config, { epochs: 1 }); // warm-up
    const r = measureTrainThroughput(dataset, config, { epochs: 2 });
    console.log(
      `${dataset.name.padEnd(18)} ${name.padEnd(10)} ${Math.round(r.imagesPerSecond).toString().padStart(7)} images/s`,
    );
  }
}
