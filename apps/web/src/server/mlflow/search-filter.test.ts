import { describe, expect, it } from "vitest";
import { compare, pageOffset, pageToken, parseFilter, parseOrderBy } from "./search-filter";

describe("MLflow search filters: the supported subset", () => {
  it("parses AND-ed clauses on metrics, params, tags and attributes, quoted keys and values", () => {
    expect(
      parseFilter(
        "metrics.val_acc > 0.7 AND params.opt = 'adamw' and tags.`my tag` != \"x\" AND attributes.status = 'FINISHED' AND metrics.`val/top1`<=1e2",
      ),
    ).toEqual([
      { entity: "metric", key: "val_acc", op: ">", value: 0.7 },
      { entity: "param", key: "opt", op: "=", value: "adamw" },
      { entity: "tag", key: "my tag", op: "!=", value: "x" },
      { entity: "attribute", key: "status", op: "=", value: "FINISHED" },
      { entity: "metric", key: "val/top1", op: "<=", value: 100 },
    ]);
    expect(parseFilter("run_name LIKE 'seed%'")).toEqual([
      { entity: "attribute", key: "run_name", op: "LIKE", value: "seed%" },
    ]);
    expect(parseFilter("params.note = 'it''s'")[0]!.value).toBe("it's");
    expect(parseFilter("  ")).toEqual([]);
  });

  it("refuses OR, parentheses, IN, IS NULL and dangling clauses, saying what is supported", () => {
    for (const filter of [
      "metrics.a > 1 OR metrics.b > 1",
      "(metrics.a > 1)",
      "params.a IN ('x')",
      "tags.a IS NULL",
      "metrics.a >",
      "metrics.a > 1 AND",
      "params.a = 'open",
    ])
      expect(() => parseFilter(filter), filter).toThrow(/supported|never closed/);
  });

  it("compares with SQL LIKE semantics and orders terms", () => {
    expect(compare("seed-12", "LIKE", "seed-%")).toBe(true);
    expect(compare("Seed-12", "LIKE", "seed-%")).toBe(false);
    expect(compare("Seed-12", "ILIKE", "seed-__")).toBe(true);
    expect(compare("a.b", "LIKE", "a_b")).toBe(true);
    expect(compare(undefined, "!=", "x")).toBe(false);
    expect(parseOrderBy("metrics.`val/top1` DESC")).toEqual({ entity: "metric", key: "val/top1", ascending: false });
    expect(parseOrderBy("start_time")).toEqual({ entity: "attribute", key: "start_time", ascending: true });
    expect(() => parseOrderBy("metrics.a SIDEWAYS")).toThrow(/ASC or DESC/);
    expect(pageOffset(pageToken(2000))).toBe(2000);
    expect(() => pageOffset("nonsense")).toThrow(/page_token/);
  });
});
