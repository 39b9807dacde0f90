import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cachedDecode, type DecodedImages } from "./decoded-cache";

describe("cachedDecode", () => {
  let dir: string;
  let source: string;
  let decodes: number;
  const decoded: DecodedImages = {
    images: Uint8Array.from([0, 7, 255, 128, 3, 9]),
    labels: Int32Array.from([2, 0, 9]),
  };
  const decode = () => {
    decodes++;
    return decoded;
  };
  const cacheDir = () => join(dir, "cache");

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "seedscope-decoded-"));
    source = join(dir, "source.json");
    writeFileSync(source, "[1, 2, 3]");
    decodes = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("decodes once, then reads the same bytes back from the cache", () => {
    expect(cachedDecode(cacheDir(), "t", [source], 2, decode)).toBe(decoded);
    const again = cachedDecode(cacheDir(), "t", [source], 2, decode);
    expect(decodes).toBe(1);
    expect(again).toEqual(decoded);
    expect(readdirSync(cacheDir())).toHaveLength(1); // no temporary file left behind
  });

  it("decodes again when a source changes size or time", () => {
    cachedDecode(cacheDir(), "t", [source], 2, decode);
    writeFileSync(source, "[1, 2, 3, 4]");
    cachedDecode(cacheDir(), "t", [source], 2, decode);
    utimesSync(source, new Date(2001, 1, 1), new Date(2001, 1, 1));
    cachedDecode(cacheDir(), "t", [source], 2, decode);
    expect(decodes).toBe(3);
  });

  it("decodes again when the cached file is truncated", () => {
    cachedDecode(cacheDir(), "t", [source], 2, decode);
    const [file] = readdirSync(cacheDir());
    writeFileSync(join(cacheDir(), file!), Uint8Array.from([1, 2, 3, 4]));
    expect(cachedDecode(cacheDir(), "t", [source], 2, decode)).toBe(decoded);
    expect(decodes).toBe(2);
  });

  it("still decodes where the cache cannot be written", () => {
    writeFileSync(cacheDir(), "a file where the folder should be");
    expect(cachedDecode(cacheDir(), "t", [source], 2, decode)).toBe(decoded);
    expect(cachedDecode(cacheDir(), "t", [source], 2, decode)).toBe(decoded);
    expect(decodes).toBe(2);
  });
});
