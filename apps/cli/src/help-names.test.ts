import { describe, expect, it } from "vitest";
import { RUN_STATUSES as CORE_RUN_STATUSES } from "@seedscope/core";
import { BACKEND_NAMES as ENGINE_BACKEND_NAMES } from "@seedscope/engine";
import { BACKEND_NAMES, RUN_STATUSES } from "./help-names";

describe("the lists the help texts name", () => {
  it("are the packages' lists, in their order", () => {
    expect(BACKEND_NAMES).toEqual(ENGINE_BACKEND_NAMES);
    expect(RUN_STATUSES).toEqual(CORE_RUN_STATUSES);
  });
});
