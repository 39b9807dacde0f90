import { describe, expect, it } from "vitest";
import { parseTimmResults } from "./timm-results";
import { parseTimmSummary } from "./timm-summary";

const HEADER = "epoch,train_loss,eval_loss,eval_top1,eval_top5";

describe("timm summary.csv with args.yaml", () => {
  it("reads the configuration and seed, skips a repeated header of a resumed run and keeps the later row", () => {
    const csv = [
      HEADER,
      "0,6.9,6.8,0.1,0.5",
      "1,6.1,5.2,8.5,22.0",
      HEADER,
      "1,6.0,5.1,9.0,23.0",
      "2,5.5,4.0,20.25,45.5",
    ].join("\n");
    const args = "model: resnet50\nseed: 42\nlr: 0.003\nepochs: 3\nbce_loss: true\n";
    const run = parseTimmSummary(csv, "out/summary.csv", { name: "out", argsYaml: args });
    expect(run.seed).toBe(42);
    expect(run.config).toMatchObject({ model: "resnet50", lr: 0.003, bce_loss: true });
    expect(run.epochs).toBe(3);
    expect(run.points.filter((p) => p.key === "val/top1").map((p) => [p.step, p.value])).toEqual([
      [1, 0.1],
      [2, 9],
      [3, 20.25],
    ]);
    expect(run.splits.val?.best).toEqual({ epoch: 3, top1: 20.25 });
    expect(run.notes).toEqual([
      "1 repeated header line(s): the run was resumed",
      "1 epoch(s) logged twice: the later row was kept",
    ]);
  });

  it("accepts the newer lr column and says when args.yaml is missing", () => {
    const run = parseTimmSummary(`${HEADER},lr\n0,2,1,50,80,0.01\n`, "s.csv", { name: "s", argsYaml: null });
    expect(run.points.find((p) => p.key === "lr")).toEqual({ key: "lr", step: 1, value: 0.01 });
    expect(run.seed).toBeNull();
    expect(run.notes.at(-1)).toMatch(/no args\.yaml/);
  });

  it("refuses a table without an epoch column and bad YAML, naming the file", () => {
    expect(() => parseTimmSummary("a,b\n1,2\n", "x.csv", { name: "x", argsYaml: null })).toThrow(
      /x\.csv: has no "epoch" column/,
    );
    expect(() => parseTimmSummary(`${HEADER}\n0,1,1,1,1\n`, "x.csv", { name: "x", argsYaml: "- a\n- b\n" })).toThrow(
      /x\/args\.yaml: must be a YAML mapping/,
    );
  });
});

describe("timm result tables", () => {
  const val = [
    "model,top1,top1_err,top5,top5_err,param_count,img_size,crop_pct,interpolation",
    "vit_small,81.4,18.6,95.6,4.4,22.05,224,0.9,bicubic",
    "vit_small,82.1,17.9,96.1,3.9,22.05,384,1.0,bicubic",
    'giant,89.0,11.0,99.0,1.0,"1,013.01",336,1.0,bicubic',
  ].join("\n");
  const v2 = [
    "model,img_size,top1,top1_err,top5,top5_err,param_count,crop_pct,interpolation,top1_diff,top5_diff,rank_diff",
    "vit_small,224,70.1,29.9,89.2,10.8,22.05,0.9,bicubic,-11.3,-6.4,+1",
    "vit_small,384,71.5,28.5,90.0,10.0,22.05,1.0,bicubic,-10.6,-6.1,-1",
    "other,224,60.0,40.0,80.0,20.0,5.0,0.9,bicubic,-10,-10,0",
  ].join("\n");

  it("joins val and v2 on model and image size, in either column order", () => {
    const { runs, unmatched } = parseTimmResults(val, "results-imagenet.csv", v2, "results-imagenetv2.csv");
    expect(runs.map((r) => r.name)).toEqual(["vit_small@224", "vit_small@384", "giant@336"]);
    expect(runs[1]!.splits).toEqual({
      val: { top1: 82.1, top5: 96.1, loss: null, best: null },
      v2: { top1: 71.5, top5: 90, loss: null, best: null },
    });
    expect(runs[2]!.params).toBe(1_013_010_000);
    expect(runs[2]!.splits.v2).toBeUndefined();
    expect(unmatched).toEqual({ valOnly: ["giant@336"], v2Only: ["other@224"] });
    expect(runs[0]!.config).toEqual({ model: "vit_small", img_size: 224, crop_pct: 0.9, interpolation: "bicubic" });
  });

  it("refuses a table that is not a timm result table", () => {
    expect(() => parseTimmResults("epoch,eval_top1\n0,1\n", "summary.csv", null, "")).toThrow(
      /summary\.csv: lacks the column\(s\) model, top1, img_size/,
    );
  });
});
