import { describe, expect, it } from "vitest";
import { parseCsvTable } from "./csv-table";
import { DEFAULT_METRIC_ALIASES, metricKeyFor, parseAliases } from "../metric-aliases";

describe("generic CSV", () => {
  it("groups run × epoch rows by the run column, metrics by alias and the rest as configuration", () => {
    const csv = [
      "run,seed,epoch,model,lr_base,val_acc,v2_val_acc,train_loss",
      "a,0,1,r50,0.1,50,40,2.0",
      "a,0,2,r50,0.1,60,49,1.5",
      "b,1,1,r50,0.1,52,41,1.9",
    ].join("\n");
    const runs = parseCsvTable(csv, "t.csv", { name: "t", run: "run", epoch: "epoch", epochBase: 1, seed: "seed" });
    expect(runs.map((r) => [r.name, r.seed, r.epochs])).toEqual([
      ["a", 0, 2],
      ["b", 1, 1],
    ]);
    expect(runs[0]!.config).toEqual({ model: "r50", lr_base: 0.1 });
    expect(runs[0]!.splits.v2?.top1).toBe(49);
    expect(runs[0]!.points.filter((p) => p.key === "val/top1").map((p) => p.step)).toEqual([1, 2]);
  });

  it("makes one run per row without run and epoch columns, and names a missing column's flag", () => {
    const runs = parseCsvTable("top1,v2_top1,arch\n80,70,a\n81,69,b\n", "r.csv", { name: "r" });
    expect(runs).toHaveLength(2);
    expect(runs[1]!.splits.val?.top1).toBe(81);
    expect(() => parseCsvTable("top1\n1\n", "r.csv", { name: "r", seed: "seed" })).toThrow(
      /r\.csv: has no column "seed" \(--seed-column\)/,
    );
    expect(() => parseCsvTable("a,b\nx,y\n", "r.csv", { name: "r" })).toThrow(
      /has no metric column: name one with --metric/,
    );
  });
});

describe("metric aliases", () => {
  it("maps the names other trainers use", () => {
    expect(
      [
        "test_acc1",
        "eval_top1",
        "val_acc",
        "val/top1",
        "imagenetv2_top1",
        "v2/top1",
        "v2_val_acc",
        "train_lr",
        "Weird Name!",
      ].map((n) => metricKeyFor(n)),
    ).toEqual([
      "val/top1",
      "val/top1",
      "val/top1",
      "val/top1",
      "v2/top1",
      "v2/top1",
      "v2/top1",
      "lr",
      "other/weird_name",
    ]);
  });

  it("lets a user's alias name a v2 metric outright, before the v2 prefix rule", () => {
    const aliases = { ...DEFAULT_METRIC_ALIASES, ...parseAliases(["v2_acc=v2/top1", "my_val=val/top1"]) };
    expect(["v2_acc", "my_val", "v2_loss"].map((n) => metricKeyFor(n, aliases))).toEqual([
      "v2/top1",
      "val/top1",
      "v2/loss",
    ]);
    expect(metricKeyFor("v2_acc")).toBe("v2/acc");
  });
});
