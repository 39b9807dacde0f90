import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { init, SeedscopeClientError } from "@seedscope/client";
import { externalMetricHistory, getExternalStudy, groupSeeds, listExternalRuns } from "@seedscope/db";
import { openTestStore, TEST_BACKEND, type TestStore } from "@seedscope/db/testing";
import { type MlflowTestServer, serveMlflow } from "./helpers/mlflow-server";

const CONFIG = { lr: 0.001, model: "deit_tiny", data_set: "IMNET", epochs: 4 };
const valAcc = (seed: number, epoch: number) => 50 + epoch * 4 + seed / 10;

/**
 * A real network fault in front of the real server: every request is forwarded, but the answers to the
 * first `drop` metric batches are cut off after the server has stored them (the client sees a reset).
 */
async function lossyProxy(
  target: string,
  drop: number,
): Promise<{ url: string; dropped: () => number; batches: () => number; close(): Promise<void> }> {
  const to = new URL(target);
  let dropped = 0;
  let batches = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const upstream = request(
        { host: to.hostname, port: to.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on("data", (c: Buffer) => parts.push(c));
          answer.on("end", () => {
            const isMetricBatch = req.url?.endsWith("/runs/log-batch") && body.includes('"metrics"');
            if (isMetricBatch) batches++;
            if (isMetricBatch && dropped < drop) {
              dropped++;
              req.socket.destroy();
              return;
            }
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(Buffer.concat(parts));
          });
        },
      );
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    dropped: () => dropped,
    batches: () => batches,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe(`@seedscope/client over the MLflow-compatible HTTP API (${TEST_BACKEND})`, () => {
  let t: TestStore;
  let server: MlflowTestServer;
  beforeAll(async () => {
    t = await openTestStore();
    server = await serveMlflow(t.store);
  });
  afterAll(async () => {
    await server?.close();
    await t?.dispose();
  });

  it("logs three seeds per epoch into one study; the server maps the names; the seeds form one group", async () => {
    const ids: string[] = [];
    for (const seed of [0, 1, 2]) {
      const run = await init({
        config: CONFIG,
        seed,
        study: "http study",
        name: `seed ${seed}`,
        tags: { script: "train.ts" },
        url: server.url,
        batch: { maxPoints: 5, intervalMs: 60_000 },
      });
      for (let epoch = 1; epoch <= 4; epoch++)
        await run.log({ val_acc: valAcc(seed, epoch), v2_top1: valAcc(seed, epoch) - 9, loss: 1 / epoch }, epoch);
      await run.finish();
      ids.push(run.id);
    }
    const study = await getExternalStudy(t.store, { name: "http study" });
    const runs = (await listExternalRuns(t.store, { studyIds: [study.id] })).reverse();
    expect(runs.map((r) => [r.name, r.seed, r.status])).toEqual([
      ["seed 0", 0, "finished"],
      ["seed 1", 1, "finished"],
      ["seed 2", 2, "finished"],
    ]);
    expect(runs[0]!.params).toEqual({ lr: "0.001", model: "deit_tiny", data_set: "IMNET", epochs: "4", seed: 0 });
    expect(runs[0]!.tags).toMatchObject({ script: "train.ts" });
    const group = await groupSeeds(t.store, {
      recipeHash: runs[0]!.recipeHash,
      arch: "deit_tiny",
      dataset: "IMNET",
      sweepId: study.id,
    });
    expect(group.seeds.map((s) => [s.seed, s.val, s.v2])).toEqual(
      [0, 1, 2].map((seed) => [seed, valAcc(seed, 4), valAcc(seed, 4) - 9]),
    );
    expect(ids).toHaveLength(3);
  });

  it("a batch whose answer was lost is sent again and stored once", async () => {
    const proxy = await lossyProxy(server.url, 2);
    try {
      const run = await init({
        config: CONFIG,
        seed: 7,
        study: "http study",
        url: proxy.url,
        batch: { maxPoints: 1_000, intervalMs: 60_000 },
        retry: { initialDelayMs: 20 },
      });
      for (let epoch = 1; epoch <= 4; epoch++) await run.log({ val_acc: valAcc(7, epoch) }, epoch);
      await run.finish();
      expect(proxy.dropped()).toBe(2);
      const study = await getExternalStudy(t.store, { name: "http study" });
      const stored = (await listExternalRuns(t.store, { studyIds: [study.id] })).find((r) => r.seed === 7)!;
      expect(stored.status).toBe("finished");
      expect(await externalMetricHistory(t.store, stored.id, "val/top1")).toEqual(
        [1, 2, 3, 4].map((step) => ({ step, value: valAcc(7, step) })),
      );
    } finally {
      await proxy.close();
    }
  });

  it("an error the server answers (a 4xx) is not retried and names MLflow's error code", async () => {
    const proxy = await lossyProxy(server.url, 0);
    try {
      const run = await init({ config: CONFIG, seed: 3, study: "http study", url: proxy.url });
      await run.log({ val_acc: Number.NaN }, 1);
      const error = await run.flush().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SeedscopeClientError);
      expect((error as SeedscopeClientError).status).toBeGreaterThanOrEqual(400);
      expect((error as SeedscopeClientError).status).toBeLessThan(500);
      expect((error as SeedscopeClientError).errorCode).toBe("INVALID_PARAMETER_VALUE");
      expect(proxy.batches()).toBe(1);
      await run.finish("killed");
    } finally {
      await proxy.close();
    }
  });
});
