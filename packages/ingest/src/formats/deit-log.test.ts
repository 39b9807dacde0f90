import { describe, expect, it } from "vitest";
import { parseDeitLog } from "./deit-log";

const record = (epoch: number, acc1: number, extra: Record<string, number> = {}) =>
  JSON.stringify({
    train_lr: 1e-3,
    train_loss: 5 - epoch,
    test_loss: 3 - epoch / 2,
    test_acc1: acc1,
    test_acc5: acc1 + 20,
    epoch,
    n_parameters: 5_489_328,
    ...extra,
  });

describe("DeiT log.txt", () => {
  it("reads every epoch under seedscope keys, 1-based, with final and best kept apart", () => {
    const text = `${[record(0, 10), record(1, 42.5), record(2, 41.25)].join("\n")}\n`;
    const run = parseDeitLog(text, "log.txt", { name: "m0_9", seed: 3 });
    expect(run.epochs).toBe(3);
    expect(run.params).toBe(5_489_328);
    expect(run.seed).toBe(3);
    expect(run.points.filter((p) => p.key === "val/top1")).toEqual([
      { key: "val/top1", step: 1, value: 10 },
      { key: "val/top1", step: 2, value: 42.5 },
      { key: "val/top1", step: 3, value: 41.25 },
    ]);
    expect(new Set(run.points.map((p) => p.key))).toEqual(
      new Set(["val/top1", "val/top5", "val/loss", "train/loss", "lr"]),
    );
    expect(run.splits.val).toEqual({ top1: 41.25, top5: 61.25, loss: 2, best: { epoch: 2, top1: 42.5 } });
    expect(run.resumedFrom).toBeNull();
  });

  it("lets a later record of the same epoch win (a file appended on resume) and spots a resumed start", () => {
    const appended = [record(0, 10), record(1, 20), record(1, 25), record(2, 30)].join("\n");
    const run = parseDeitLog(appended, "log.txt", { name: "r" });
    expect(run.points.filter((p) => p.key === "val/top1").map((p) => p.value)).toEqual([10, 25, 30]);
    expect(run.notes[0]).toMatch(/1 epoch\(s\) logged twice/);
    const resumed = parseDeitLog([record(5, 50), record(6, 55)].join("\n"), "log.txt", { name: "r" });
    expect(resumed.resumedFrom).toBe(6);
    expect(resumed.epochs).toBe(7);
  });

  it("takes an MAE pre-training log with train keys only, and the seed from a configuration", () => {
    const mae = [
      JSON.stringify({ train_lr: 0.001, train_loss: 0.9, epoch: 0 }),
      JSON.stringify({ train_lr: 0.002, train_loss: 0.8, epoch: 1 }),
    ].join("\n");
    const run = parseDeitLog(mae, "log.txt", { name: "mae", config: { seed: 7, model: "mae_vit_base" } });
    expect(run.splits).toEqual({});
    expect(run.seed).toBe(7);
  });

  it("names the line of a malformed record", () => {
    expect(() => parseDeitLog(`${record(0, 1)}\n{oops`, "runs/log.txt", { name: "x" })).toThrow(
      /^runs\/log\.txt:2: not a JSON object per line/,
    );
    expect(() => parseDeitLog(JSON.stringify({ test_acc1: 3 }), "log.txt", { name: "x" })).toThrow(
      /log\.txt:1: "epoch" must be a whole number/,
    );
    expect(() => parseDeitLog("\n\n", "log.txt", { name: "x" })).toThrow(/holds no epoch record/);
  });
});
