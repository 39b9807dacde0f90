import { describe, expect, it } from "vitest";
import { RestartBudget } from "./restart-budget";

describe("RestartBudget", () => {
  it("allows at most max restarts within any window, then allows again as old ones leave it", () => {
    const budget = new RestartBudget(3, 60_000);
    expect([budget.take(0), budget.take(1_000), budget.take(2_000)]).toEqual([true, true, true]);
    expect(budget.take(59_999)).toBe(false);
    expect(budget.take(60_000)).toBe(true);
    expect(budget.take(60_500)).toBe(false);
  });
});
