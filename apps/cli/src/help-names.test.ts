import { describe, expect, it } from "vitest";
import { RUN_STATUSES as CORE_RUN_STATUSES } from "@seedscope/core";
import { BACKEND_NAMES as ENGINE_BACKEND_NAMES } from "@seedscope/engine";
import { BACKEND_NAMES, RUN_STATUSES } from "./help-names";

describe("the lists the help texts name", () => {
  it("are the packages' own lists (no copies)", () => {
    expect(BACKEND_NAMES).toBe(ENGINE_BACKEND_NAMES);
    expect(RUN_STATUSES).toBe(CORE_RUN_STATUSES);
  });
});
