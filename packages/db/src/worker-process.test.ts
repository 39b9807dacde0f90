import { spawnSync } from "node:child_process";
import { hostname } from "node:os";
import { describe, expect, it } from "vitest";
import { workerProcessGone } from "./worker-process";

describe("workerProcessGone", () => {
  it("is true only for a process of this host that has exited", () => {
    const exited = spawnSync(process.execPath, ["-e", "0"]).pid;
    expect(workerProcessGone(`${hostname()}:${exited}`)).toBe(true);
    expect(workerProcessGone(`${hostname()}:${exited}#2`)).toBe(true);
    expect(workerProcessGone(`${hostname()}:${process.pid}`)).toBe(false);
    expect(workerProcessGone(`another-host:${exited}`)).toBe(false);
    expect(workerProcessGone("sweep worker 3")).toBe(false);
    expect(workerProcessGone(null)).toBe(false);
  });
});
