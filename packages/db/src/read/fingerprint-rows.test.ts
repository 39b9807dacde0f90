import { describe, expect, it } from "vitest";
import { fingerprintRows } from "./fingerprint-rows";

const ENV = {
  node: "v20.19.0",
  tfjs: "4.22.0",
  backend: "wasm",
  backendPackage: "@tensorflow/tfjs-backend-wasm",
  threads: 1,
  simd: true,
  cpu: "Some CPU",
  cpuCount: 2,
  cpuFeatures: ["avx2", "fma"],
  os: "linux 6.1 x64",
  packages: { "@tensorflow/tfjs-core": "4.22.0", "@tensorflow/tfjs-node": null },
  lockfileHash: "a".repeat(64),
  data: {
    hash: "b".repeat(64),
    // As jsonb returns it: shorter keys first.
    splits: { v2: "e".repeat(64), val: "d".repeat(64), train: "c".repeat(64) },
    counts: { train: 200, val: 100, v2: 100 },
    shape: "12x12x1",
    numClasses: 10,
  },
  datasetOptions: { trainSize: 200, evalSize: 100 },
  backendsTried: [],
};

describe("fingerprintRows", () => {
  it("groups the recorded fingerprint into software, machine and data, hashes shortened with the full value kept", () => {
    const rows = fingerprintRows(ENV, { dataset: "digits", gitCommit: "f".repeat(40), gitDirty: false });
    const by = (field: string) => rows.find((r) => r.field === field);
    expect(rows.map((r) => r.group)).toEqual(
      [...rows.map((r) => r.group)].sort(
        (a, b) => ["software", "machine", "data"].indexOf(a) - ["software", "machine", "data"].indexOf(b),
      ),
    );
    expect(by("node")).toEqual({ group: "software", field: "node", label: "Node.js", value: "v20.19.0", full: null });
    expect(by("lockfileHash")).toMatchObject({ value: "a".repeat(12), full: "a".repeat(64) });
    expect(by("packages.@tensorflow/tfjs-node")?.value).toBe("not installed");
    expect(by("cpuFeatures")).toMatchObject({ group: "machine", value: "avx2 fma" });
    expect(by("simd")?.value).toBe("true");
    expect(by("dataset")).toMatchObject({ group: "data", value: "digits" });
    expect(by("data.splits.v2")).toMatchObject({ value: "e".repeat(12), full: "e".repeat(64) });
    expect(by("data.counts.train")?.value).toBe("200");
    expect(rows.filter((r) => r.field.startsWith("data.splits.")).map((r) => r.field)).toEqual([
      "data.splits.train",
      "data.splits.val",
      "data.splits.v2",
    ]);
    expect(by("datasetOptions.trainSize")?.value).toBe("200");
    expect(by("datasetOptions.evalSize")?.value).toBe("100");
    expect(by("gitCommit")?.value).toBe("f".repeat(12));
    expect(rows.some((r) => r.field.startsWith("backendsTried"))).toBe(false);
  });

  it("leaves out what was not recorded", () => {
    expect(fingerprintRows(null, { dataset: "x", gitCommit: null, gitDirty: null })).toEqual([
      { group: "data", field: "dataset", label: "Dataset", value: "x", full: null },
    ]);
  });
});
