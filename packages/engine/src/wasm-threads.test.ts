import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const SCRIPT = fileURLToPath(new URL("./test-support/thread-checksum.ts", import.meta.url));

interface ThreadChecksum {
  threads: number;
  smallGemm: boolean;
  checksum: string;
}

async function checksum(threads: number): Promise<ThreadChecksum> {
  // A fresh process per thread count (the backend starts once per process); a hang at exit fails the timeout.
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", SCRIPT, String(threads)], {
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as ThreadChecksum;
}

describe("the wasm backend on several threads", () => {
  it("starts in Node with the threads asked for, exits, and computes the same bits as on one thread", async () => {
    const one = await checksum(1);
    const two = await checksum(2);
    expect(one.threads).toBe(1);
    expect(two.threads).toBe(2);
    // Both builds' heaps are reachable by the small GEMM (the threaded one's memory is captured as it starts).
    expect([one.smallGemm, two.smallGemm]).toEqual([true, true]);
    expect(two.checksum).toBe(one.checksum);
  }, 120_000);
});
