import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadImageFolder } from "./image-folder";
import { makeTempDir } from "../testing/fixtures";

const temp = makeTempDir("folder");
afterAll(temp.cleanup);

/** An 8×4 RGB image: columns 0–1 red, 2–5 `middle`, 6–7 blue. */
function stripes(middle: [number, number, number]): Buffer {
  const data = Buffer.alloc(8 * 4 * 3);
  for (let y = 0; y < 4; y++) {
    for (let x = 0; x < 8; x++) {
      const rgb = x < 2 ? [255, 0, 0] : x < 6 ? middle : [0, 0, 255];
      data.set(rgb, (y * 8 + x) * 3);
    }
  }
  return data;
}

async function writePng(path: string, raw: Buffer, width: number, height: number, channels: 1 | 3): Promise<void> {
  writeFileSync(path, await sharp(raw, { raw: { width, height, channels } }).png().toBuffer());
}

async function writeTree(root: string, v2Classes: string[]): Promise<void> {
  for (const [split, classes] of [
    ["train", ["cat", "ant"]],
    ["val", ["ant"]],
    ["v2", v2Classes],
  ] as const) {
    for (const name of classes) {
      const dir = join(root, split, name);
      mkdirSync(dir, { recursive: true });
      const shade = name === "ant" ? 40 : 200;
      await writePng(join(dir, "a.png"), stripes([0, shade, 0]), 8, 4, 3);
      await writePng(join(dir, "b.PNG"), Buffer.alloc(16, shade), 4, 4, 1);
      writeFileSync(join(dir, "notes.txt"), "not an image");
    }
  }
}

describe("image folders", () => {
  const root = join(temp.dir, "tree");
  beforeAll(() => writeTree(root, ["cat"]));

  it("reads train/val/v2 with classes sorted from train, short side resized and centre cropped", async () => {
    const dataset = await loadImageFolder({ root, resolution: 4 });
    expect(dataset.classNames).toEqual(["ant", "cat"]);
    expect([dataset.splits.train.count, dataset.splits.val.count, dataset.splits.v2.count]).toEqual([4, 2, 2]);
    expect([...dataset.splits.train.labels]).toEqual([0, 0, 1, 1]);
    expect([...dataset.splits.v2.labels]).toEqual([1, 1]);
    expect(dataset.shape).toEqual({ height: 4, width: 4, channels: 3 });
    // The 8×4 stripes keep their centred 4×4: only the green middle, no red or blue border.
    const first = dataset.splits.train.images.subarray(0, 48);
    for (let p = 0; p < 16; p++) expect([...first.subarray(p * 3, p * 3 + 3)]).toEqual([0, 40, 0]);
    // A grey PNG becomes three equal channels.
    expect([...dataset.splits.train.images.subarray(48, 51)]).toEqual([40, 40, 40]);
  });

  it("can store grey images and resize up", async () => {
    const dataset = await loadImageFolder({ root, resolution: 6, channels: 1 });
    expect(dataset.shape).toEqual({ height: 6, width: 6, channels: 1 });
    expect(dataset.splits.val.images.length).toBe(2 * 36);
  });

  it("rejects a v2 class missing from train, naming it", async () => {
    const bad = join(temp.dir, "extra-class");
    await writeTree(bad, ["cat", "zebra"]);
    await expect(loadImageFolder({ root: bad, resolution: 4 })).rejects.toThrow(
      /class 'zebra' \(.*v2\/zebra\) is not a class of .*extra-class\/train/,
    );
  });

  it("names a missing split folder and an undecodable image", async () => {
    const noV2 = join(temp.dir, "no-v2");
    mkdirSync(join(noV2, "train", "a"), { recursive: true });
    mkdirSync(join(noV2, "val"), { recursive: true });
    await writePng(join(noV2, "train", "a", "x.png"), Buffer.alloc(4), 2, 2, 1);
    await expect(loadImageFolder({ root: noV2, resolution: 2 })).rejects.toThrow(/no-v2\/v2 is missing/);
    mkdirSync(join(noV2, "v2"));
    writeFileSync(join(noV2, "train", "a", "broken.jpg"), "definitely not a jpeg");
    await expect(loadImageFolder({ root: noV2, resolution: 2 })).rejects.toThrow(/broken.jpg: cannot decode image/);
  });
});
