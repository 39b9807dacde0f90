import { describe, expect, it } from "vitest";
import { isConnectionLost } from "./connection-lost";

describe("isConnectionLost", () => {
  it("tells a broken connection from a failed statement", () => {
    expect(isConnectionLost(Object.assign(new Error("connect ECONNREFUSED /tmp/x"), { code: "ECONNREFUSED" }))).toBe(
      true,
    );
    expect(isConnectionLost(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isConnectionLost(Object.assign(new Error("terminating connection"), { code: "57P01" }))).toBe(true);
    expect(isConnectionLost(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBe(false);
    expect(isConnectionLost(new Error("division by zero"))).toBe(false);
    expect(isConnectionLost("ECONNRESET")).toBe(false);
    expect(isConnectionLost(new Error("Database error. Code: `57P01`. Message: `terminating connection`"))).toBe(true);
    expect(isConnectionLost(new Error("Database error. Code: `23505`. Message: `duplicate key`"))).toBe(false);
    expect(isConnectionLost(new Error("wrapped", { cause: { code: "ECONNRESET" } }))).toBe(true);
  });
});
