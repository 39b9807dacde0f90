import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestStore, TEST_BACKEND, type TestStore } from "@seedscope/db/testing";
import { type MlflowTestServer, serveMlflow } from "./helpers/mlflow-server";

/*
 * Contract tests of the MLflow-compatible API: every endpoint over real HTTP on a real store, with the
 * request and response shapes of MLflow's REST documentation (https://mlflow.org/docs/latest/rest-api.html),
 * its error codes and HTTP statuses included.
 */

const PREFIX = "/api/2.0/mlflow/";
/** An absolute server path (where the code or the store lives) in a response body. */
const SERVER_PATH = /(^|[\s"'(=])\/(work|home|tmp|usr|root|opt|var)\//;

interface Answer {
  status: number;
  body: Record<string, unknown>;
  text: string;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  expect(text).not.toMatch(SERVER_PATH);
  expect(text).not.toMatch(/\n\s+at /);
  return { status: response.status, text, body: text === "" ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

function client(base: () => string, headers: Record<string, string> = {}) {
  return {
    async post(endpoint: string, body: unknown, extra: Record<string, string> = {}): Promise<Answer> {
      const response = await fetch(`${base()}${PREFIX}${endpoint}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers, ...extra },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
      return answer(response);
    },
    async get(endpoint: string, query: Record<string, string | string[]> = {}, prefix = PREFIX): Promise<Answer> {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) for (const one of [v].flat()) params.append(k, one);
      const response = await fetch(`${base()}${prefix}${endpoint}?${params}`, { headers });
      return answer(response);
    },
  };
}

function expectError(a: Answer, status: number, code: string, message?: RegExp): void {
  expect({ status: a.status, code: a.body.error_code }).toEqual({ status, code });
  expect(typeof a.body.message).toBe("string");
  if (message) expect(a.body.message).toMatch(message);
}

describe(`MLflow-compatible API: endpoints and errors (${TEST_BACKEND})`, () => {
  let t: TestStore;
  let server: MlflowTestServer;
  const api = client(() => server.url);

  beforeAll(async () => {
    t = await openTestStore();
    server = await serveMlflow(t.store, { metricAliases: { acc: "val/top1" } });
  });
  afterAll(async () => {
    await server?.close();
    await t?.dispose();
  });

  it("experiments: create, get, get-by-name, duplicate name, missing ids, update, tags", async () => {
    const created = await api.post("experiments/create", {
      name: "deit-tiny seeds",
      artifact_location: "s3://x",
      tags: [{ key: "team", value: "vision" }],
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ experiment_id: expect.stringMatching(/^\d+$/) });
    const id = created.body.experiment_id as string;

    const got = await api.get("experiments/get", { experiment_id: id });
    expect(got.status).toBe(200);
    expect(got.body.experiment).toEqual({
      experiment_id: id,
      name: "deit-tiny seeds",
      artifact_location: "",
      lifecycle_stage: "active",
      creation_time: expect.any(Number),
      last_update_time: expect.any(Number),
      tags: [{ key: "team", value: "vision" }],
    });
    const byName = await api.get("experiments/get-by-name", { experiment_name: "deit-tiny seeds" });
    expect((byName.body.experiment as { experiment_id: string }).experiment_id).toBe(id);

    expectError(await api.post("experiments/create", { name: "deit-tiny seeds" }), 400, "RESOURCE_ALREADY_EXISTS");
    // mlflow.set_experiment creates the experiment when get-by-name answers RESOURCE_DOES_NOT_EXIST.
    expectError(await api.get("experiments/get-by-name", { experiment_name: "nope" }), 404, "RESOURCE_DOES_NOT_EXIST");
    expectError(await api.get("experiments/get", { experiment_id: "999999" }), 404, "RESOURCE_DOES_NOT_EXIST");
    expectError(await api.get("experiments/get", { experiment_id: String(2 ** 31) }), 404, "RESOURCE_DOES_NOT_EXIST");
    expectError(await api.get("experiments/get", { experiment_id: "abc" }), 404, "RESOURCE_DOES_NOT_EXIST");
    expectError(await api.get("experiments/get", {}), 400, "INVALID_PARAMETER_VALUE", /'experiment_id'/);
    expectError(
      await api.get("experiments/get-by-name", { experiment_name: "a\u0000b" }),
      400,
      "INVALID_PARAMETER_VALUE",
      /'experiment_name'.*NUL/,
    );
    expectError(await api.post("experiments/create", { name: "" }), 400, "INVALID_PARAMETER_VALUE", /'name'/);
    expectError(await api.post("experiments/create", { name: 7 }), 400, "INVALID_PARAMETER_VALUE", /'name'/);

    expect((await api.post("experiments/update", { experiment_id: id, new_name: "deit seeds" })).body).toEqual({});
    expect(
      (await api.post("experiments/set-experiment-tag", { experiment_id: id, key: "owner", value: "ana" })).body,
    ).toEqual({});
    const renamed = (await api.get("experiments/get-by-name", { experiment_name: "deit seeds" })).body.experiment as {
      tags: unknown[];
    };
    expect(renamed.tags).toEqual([
      { key: "team", value: "vision" },
      { key: "owner", value: "ana" },
    ]);
    expectError(await api.post("experiments/delete", { experiment_id: id }), 501, "NOT_IMPLEMENTED");
  });

  it("experiments: search (POST and GET, filter, order, pages) and the older list", async () => {
    for (const name of ["search-a", "search-b", "search-c"]) await api.post("experiments/create", { name });
    const post = await api.post("experiments/search", {
      filter: "name LIKE 'search-%'",
      order_by: ["name ASC"],
      max_results: 2,
    });
    expect(post.status).toBe(200);
    const first = post.body as { experiments: { name: string }[]; next_page_token: string };
    expect(first.experiments.map((e) => e.name)).toEqual(["search-a", "search-b"]);
    const second = await api.get("experiments/search", {
      filter: "name LIKE 'search-%'",
      order_by: "name ASC",
      max_results: "2",
      page_token: first.next_page_token,
    });
    expect((second.body.experiments as { name: string }[]).map((e) => e.name)).toEqual(["search-c"]);
    expect(second.body.next_page_token).toBeUndefined();
    const list = await api.get("experiments/list", { view_type: "ALL" });
    expect((list.body.experiments as { name: string }[]).map((e) => e.name)).toContain("search-b");
    expectError(
      await api.post("experiments/search", { filter: "name = 'a' OR name = 'b'" }),
      400,
      "INVALID_PARAMETER_VALUE",
      /supported/,
    );
    expectError(
      await api.post("experiments/search", { max_results: 50_001 }),
      400,
      "INVALID_PARAMETER_VALUE",
      /'max_results'/,
    );
    expectError(
      await api.post("experiments/search", { page_token: "garbage" }),
      400,
      "INVALID_PARAMETER_VALUE",
      /'page_token'/,
    );
  });

  it('the Default experiment "0" exists for clients that never set one', async () => {
    const run = await api.post("runs/create", { start_time: Date.now() });
    expect(run.status).toBe(200);
    expect((run.body.run as { info: { experiment_id: string } }).info.experiment_id).toBe("0");
    const got = await api.get("experiments/get", { experiment_id: "0" });
    expect(got.body.experiment).toMatchObject({ experiment_id: "0", name: "Default" });
    const byName = await api.get("experiments/get-by-name", { experiment_name: "Default" });
    expect(byName.body.experiment).toMatchObject({ experiment_id: "0" });
  });

  it("runs: create, log params, metrics (aliases, replace on re-log), tags, update, get, get-history", async () => {
    const experiment_id = (await api.post("experiments/create", { name: "runs" })).body.experiment_id as string;
    const start = Date.now();
    const created = await api.post("runs/create", {
      experiment_id,
      user_id: "ana",
      run_name: "deit-s0",
      start_time: start,
      tags: [{ key: "host", value: "gpu1" }],
    });
    expect(created.status).toBe(200);
    const run = created.body.run as { info: Record<string, unknown>; data: Record<string, unknown> };
    expect(run.info).toEqual({
      run_id: expect.stringMatching(/^\d+$/),
      run_uuid: run.info.run_id,
      run_name: "deit-s0",
      experiment_id,
      user_id: "ana",
      status: "RUNNING",
      start_time: start,
      artifact_uri: "",
      lifecycle_stage: "active",
    });
    expect(run.data).toEqual({
      metrics: [],
      params: [],
      tags: expect.arrayContaining([
        { key: "host", value: "gpu1" },
        { key: "mlflow.user", value: "ana" },
        { key: "mlflow.runName", value: "deit-s0" },
      ]),
    });
    const run_id = run.info.run_id as string;

    expect((await api.post("runs/log-parameter", { run_id, key: "lr", value: "0.001" })).body).toEqual({});
    expect((await api.post("runs/log-parameter", { run_uuid: run_id, key: "seed", value: "3" })).body).toEqual({});
    // The same value again is fine; another value is refused, as MLflow refuses it.
    expect((await api.post("runs/log-parameter", { run_id, key: "lr", value: "0.001" })).status).toBe(200);
    expectError(
      await api.post("runs/log-parameter", { run_id, key: "lr", value: "0.1" }),
      400,
      "INVALID_PARAMETER_VALUE",
      /lr/,
    );

    const t0 = Date.now();
    for (const [step, value] of [
      [0, 0.5],
      [1, 0.6],
    ] as const)
      expect(
        (await api.post("runs/log-metric", { run_id, key: "test_acc1", value, timestamp: t0, step })).body,
      ).toEqual({});
    // A re-logged (run, key, step) replaces its value (MLflow would keep both).
    await api.post("runs/log-metric", { run_id, key: "acc", value: 0.65, timestamp: String(t0), step: "1" });
    await api.post("runs/log-metric", { run_id, key: "train_loss", value: "NaN", timestamp: t0, step: 1 });

    const history = await api.get("metrics/get-history", { run_id, metric_key: "test_acc1" });
    expect(history.status).toBe(200);
    expect(history.body).toEqual({
      metrics: [
        { key: "test_acc1", value: 0.5, timestamp: expect.any(Number), step: 0 },
        { key: "test_acc1", value: 0.65, timestamp: expect.any(Number), step: 1 },
      ],
    });
    const loss = await api.get("metrics/get-history", { run_uuid: run_id, metric_key: "train_loss" });
    expect((loss.body.metrics as { value: unknown }[])[0]!.value).toBe("NaN");
    const paged = await api.get("metrics/get-history", { run_id, metric_key: "val/top1", max_results: "1" });
    expect((paged.body.metrics as unknown[]).length).toBe(1);
    expect(typeof paged.body.next_page_token).toBe("string");

    expect((await api.post("runs/set-tag", { run_id, key: "note", value: "first" })).body).toEqual({});
    expect((await api.post("runs/delete-tag", { run_id, key: "host" })).body).toEqual({});

    const end = Date.now();
    const updated = await api.post("runs/update", { run_id, status: "FINISHED", end_time: end });
    expect(updated.status).toBe(200);
    expect(updated.body.run_info).toMatchObject({ run_id, status: "FINISHED", end_time: end, experiment_id });

    const got = (await api.get("runs/get", { run_id })).body.run as {
      info: { status: string };
      data: { metrics: { key: string; value: unknown; step: number }[]; params: unknown[]; tags: { key: string }[] };
    };
    expect(got.info.status).toBe("FINISHED");
    expect(got.data.params).toEqual(
      expect.arrayContaining([
        { key: "lr", value: "0.001" },
        { key: "seed", value: "3" },
      ]),
    );
    expect(got.data.metrics).toEqual(
      expect.arrayContaining([
        { key: "val/top1", value: 0.65, timestamp: expect.any(Number), step: 1 },
        { key: "train/loss", value: "NaN", timestamp: expect.any(Number), step: 1 },
      ]),
    );
    expect(got.data.tags.map((tag) => tag.key)).toContain("note");
    expect(got.data.tags.map((tag) => tag.key)).not.toContain("host");
    // The run's recipe holds its params without the seed; its seed is the seed param.
    expect((await api.get("runs/get", { run_uuid: run_id })).status).toBe(200);
  });

  it("log-batch: params, metrics and tags in one call, MLflow's limits, and clear 400s for bad payloads", async () => {
    const experiment_id = (await api.post("experiments/create", { name: "batch" })).body.experiment_id as string;
    const run_id = ((await api.post("runs/create", { experiment_id })).body.run as { info: { run_id: string } }).info
      .run_id;
    const metrics = Array.from({ length: 1000 }, (_, i) => ({
      key: i % 2 === 0 ? "val_acc" : "v2/top1",
      value: i / 1000,
      timestamp: Date.now(),
      step: Math.floor(i / 2),
    }));
    const ok = await api.post("runs/log-batch", {
      run_id,
      metrics: metrics.slice(0, 900),
      params: [
        { key: "model", value: "deit_tiny" },
        { key: "seed", value: "1" },
      ],
      tags: [{ key: "phase", value: "train" }],
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({});
    const v2 = await api.get("metrics/get-history", { run_id, metric_key: "v2/top1" });
    expect((v2.body.metrics as unknown[]).length).toBe(450);

    const over = (body: object) => api.post("runs/log-batch", { run_id, ...body });
    expectError(
      await over({ metrics: [...metrics, metrics[0]] }),
      400,
      "INVALID_PARAMETER_VALUE",
      /1001 metrics.*1000/,
    );
    const params = Array.from({ length: 101 }, (_, i) => ({ key: `p${i}`, value: "x" }));
    expectError(await over({ params }), 400, "INVALID_PARAMETER_VALUE", /101 params.*100/);
    expectError(await over({ tags: params }), 400, "INVALID_PARAMETER_VALUE", /101 tags.*100/);
    expectError(
      await over({ metrics: metrics.slice(0, 950), params: params.slice(0, 60) }),
      400,
      "INVALID_PARAMETER_VALUE",
      /1010 .*1000/,
    );
    expectError(await over({ params: [{ key: "model", value: "vit" }] }), 400, "INVALID_PARAMETER_VALUE", /model/);

    // Bad types, each named.
    expectError(
      await over({ metrics: [{ key: "a", value: "high", timestamp: 1, step: 0 }] }),
      400,
      "INVALID_PARAMETER_VALUE",
      /'metrics\[0\]\.value'/,
    );
    expectError(
      await over({ metrics: [{ key: "a", value: 1, timestamp: 1, step: -1 }] }),
      400,
      "INVALID_PARAMETER_VALUE",
      /'metrics\[0\]\.step'/,
    );
    expectError(
      await over({ metrics: [{ key: "a", value: 1, timestamp: 1, step: 2 ** 31 }] }),
      400,
      "INVALID_PARAMETER_VALUE",
      /'metrics\[0\]\.step'/,
    );
    expectError(
      await over({ metrics: [{ key: "a", value: 1, timestamp: 1.5, step: 0 }] }),
      400,
      "INVALID_PARAMETER_VALUE",
      /'metrics\[0\]\.timestamp'/,
    );
    expectError(await over({ metrics: "many" }), 400, "INVALID_PARAMETER_VALUE", /'metrics'/);
    expectError(
      await over({ params: [{ key: "k", value: 3 }] }),
      400,
      "INVALID_PARAMETER_VALUE",
      /'params\[0\]\.value'/,
    );
    expectError(await over({ tags: [{ value: "v" }] }), 400, "INVALID_PARAMETER_VALUE", /'tags\[0\]\.key'/);
    expectError(
      await api.post("runs/log-batch", { run_id: 5, metrics: [] }),
      400,
      "INVALID_PARAMETER_VALUE",
      /'run_id'/,
    );
    expectError(await api.post("runs/log-batch", { metrics: [] }), 400, "INVALID_PARAMETER_VALUE", /'run_id'/);
    // NUL characters cannot be stored: refused, naming the field.
    expectError(
      await over({ params: [{ key: "a\u0000b", value: "v" }] }),
      400,
      "INVALID_PARAMETER_VALUE",
      /'params\[0\]\.key'.*NUL/,
    );
    expectError(
      await over({ tags: [{ key: "t", value: "v\u0000" }] }),
      400,
      "INVALID_PARAMETER_VALUE",
      /'tags\[0\]\.value'.*NUL/,
    );
  });

  it("malformed requests: bad JSON, not JSON, unknown endpoints and methods, oversize bodies", async () => {
    expectError(await api.post("experiments/create", "{name: nope"), 400, "BAD_REQUEST", /JSON/);
    expectError(await api.post("experiments/create", "[1,2]"), 400, "BAD_REQUEST", /object/);
    expectError(
      await api.post("experiments/create", JSON.stringify({ name: "x" }), { "content-type": "text/plain" }),
      400,
      "BAD_REQUEST",
      /application\/json/,
    );
    expectError(await api.get("runs/frobnicate"), 404, "ENDPOINT_NOT_FOUND");
    const wrongMethod = await api.get("runs/log-batch");
    expectError(wrongMethod, 405, "BAD_REQUEST", /POST/);
    const huge = JSON.stringify({ run_id: "1", tags: [{ key: "k", value: "x".repeat(1_100_000) }] });
    expectError(await api.post("runs/log-batch", huge), 413, "REQUEST_LIMIT_EXCEEDED", /1048576 bytes/);
    // The web UI's path works too.
    const ajax = await api.get("experiments/get", { experiment_id: "0" }, "/ajax-api/2.0/mlflow/");
    expect(ajax.status).toBe(200);
  });

  it("run ids: missing, at or above 2^31, or not seedscope's are RESOURCE_DOES_NOT_EXIST", async () => {
    for (const run_id of ["999999", String(2 ** 31), "99999999999999999999", "5f0a1b2c3d4e"]) {
      expectError(await api.get("runs/get", { run_id }), 404, "RESOURCE_DOES_NOT_EXIST");
      expectError(
        await api.post("runs/log-metric", { run_id, key: "a", value: 1, timestamp: 1, step: 0 }),
        404,
        "RESOURCE_DOES_NOT_EXIST",
      );
      expectError(await api.post("runs/log-batch", { run_id }), 404, "RESOURCE_DOES_NOT_EXIST");
    }
    expectError(await api.post("runs/create", { experiment_id: String(2 ** 31) }), 404, "RESOURCE_DOES_NOT_EXIST");
    expectError(
      await api.get("metrics/get-history", { run_id: "424242", metric_key: "a" }),
      404,
      "RESOURCE_DOES_NOT_EXIST",
    );
    expectError(
      await api.post("runs/update", { run_id: "1", status: "DONE" }),
      400,
      "INVALID_PARAMETER_VALUE",
      /'status'/,
    );
  });

  it("runs/search: experiment ids, filters, order, pages; unsupported filters say what is supported", async () => {
    const experiment_id = (await api.post("experiments/create", { name: "search-runs" })).body.experiment_id as string;
    const ids: string[] = [];
    for (const seed of [0, 1, 2, 3]) {
      const run_id = (
        (await api.post("runs/create", { experiment_id, run_name: `s${seed}` })).body.run as {
          info: { run_id: string };
        }
      ).info.run_id;
      await api.post("runs/log-batch", {
        run_id,
        params: [
          { key: "seed", value: String(seed) },
          { key: "opt", value: seed < 2 ? "adamw" : "lamb" },
        ],
        metrics: [{ key: "val_acc", value: 70 + seed, timestamp: 1, step: 3 }],
        tags: [{ key: "group", value: seed % 2 === 0 ? "even" : "odd" }],
      });
      if (seed !== 3) await api.post("runs/update", { run_id, status: "FINISHED", end_time: Date.now() });
      ids.push(run_id);
    }
    const names = async (body: object) => {
      const a = await api.post("runs/search", { experiment_ids: [experiment_id], ...body });
      expect(a.status).toBe(200);
      return {
        names: ((a.body.runs as { info: { run_name: string } }[] | undefined) ?? []).map((r) => r.info.run_name),
        next: a.body.next_page_token as string | undefined,
      };
    };
    expect((await names({ filter: "metrics.val_acc > 71", order_by: ["metrics.val_acc DESC"] })).names).toEqual([
      "s3",
      "s2",
    ]);
    expect((await names({ filter: "params.opt = 'adamw'", order_by: ["params.seed"] })).names).toEqual(["s0", "s1"]);
    expect(
      (
        await names({
          filter: "tags.group = 'even' AND attributes.status = 'FINISHED'",
          order_by: ["attributes.run_name"],
        })
      ).names,
    ).toEqual(["s0", "s2"]);
    expect((await names({ filter: "attributes.status != 'FINISHED'" })).names).toEqual(["s3"]);
    expect((await names({ filter: "metrics.`val/top1` >= 72 AND params.opt LIKE 'la%'" })).names).toEqual(["s3", "s2"]);
    const page1 = await names({ order_by: ["attributes.run_name ASC"], max_results: 3 });
    expect(page1.names).toEqual(["s0", "s1", "s2"]);
    const page2 = await names({ order_by: ["attributes.run_name ASC"], max_results: 3, page_token: page1.next });
    expect(page2).toEqual({ names: ["s3"], next: undefined });
    const get = await api.get("runs/search", { experiment_ids: experiment_id, filter: "params.seed = '2'" });
    expect((get.body.runs as { info: { run_id: string } }[]).map((r) => r.info.run_id)).toEqual([ids[2]]);
    expect((await names({ run_view_type: "DELETED_ONLY" })).names).toEqual([]);

    for (const filter of ["metrics.a > 1 OR metrics.b > 1", "(metrics.a > 1)", "params.x IN ('a')", "metrics.a > 'x'"])
      expectError(
        await api.post("runs/search", { experiment_ids: [experiment_id], filter }),
        400,
        "INVALID_PARAMETER_VALUE",
        /filter/,
      );
    expectError(
      await api.post("runs/search", { experiment_ids: [experiment_id], filter: "metrics.a > 1 OR metrics.b > 1" }),
      400,
      "INVALID_PARAMETER_VALUE",
      /supported: .*AND/,
    );
    expectError(
      await api.post("runs/search", { experiment_ids: [experiment_id], order_by: ["attributes.color"] }),
      400,
      "INVALID_PARAMETER_VALUE",
      /order_by/,
    );

    // Deleting a run removes it; restoring a run that still exists is a no-op.
    expect((await api.post("runs/restore", { run_id: ids[0] })).body).toEqual({});
    expect((await api.post("runs/delete", { run_id: ids[0] })).body).toEqual({});
    expectError(await api.get("runs/get", { run_id: ids[0]! }), 404, "RESOURCE_DOES_NOT_EXIST");
    expectError(await api.post("runs/restore", { run_id: ids[0] }), 404, "RESOURCE_DOES_NOT_EXIST");
  });
});

describe(`MLflow-compatible API: a silent run shows as interrupted and resumes on its next write (${TEST_BACKEND})`, () => {
  let t: TestStore;
  let server: MlflowTestServer;
  const api = client(() => server.url);
  beforeAll(async () => {
    t = await openTestStore();
    server = await serveMlflow(t.store, { staleAfterMs: 300 });
  });
  afterAll(async () => {
    await server?.close();
    await t?.dispose();
  });

  it("KILLED after the threshold, RUNNING again once it logs", async () => {
    const run_id = ((await api.post("runs/create", {})).body.run as { info: { run_id: string } }).info.run_id;
    const status = async () =>
      ((await api.get("runs/get", { run_id })).body.run as { info: { status: string } }).info.status;
    expect(await status()).toBe("RUNNING");
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await status()).toBe("KILLED");
    await api.post("runs/log-metric", { run_id, key: "loss", value: 1, timestamp: Date.now(), step: 1 });
    expect(await status()).toBe("RUNNING");
  });
});

describe(`MLflow-compatible API: access (${TEST_BACKEND})`, () => {
  const TOKEN = "a-test-token-0123456789";
  let t: TestStore;
  let beyond: MlflowTestServer;
  let publicRead: MlflowTestServer;
  let loopbackOpen: MlflowTestServer;
  let loopbackToken: MlflowTestServer;
  beforeAll(async () => {
    t = await openTestStore();
    beyond = await serveMlflow(t.store, { boundHost: "0.0.0.0", token: TOKEN });
    publicRead = await serveMlflow(t.store, { boundHost: "0.0.0.0", token: TOKEN, publicRead: true });
    loopbackOpen = await serveMlflow(t.store);
    loopbackToken = await serveMlflow(t.store, { token: TOKEN });
  });
  afterAll(async () => {
    for (const s of [beyond, publicRead, loopbackOpen, loopbackToken]) await s?.close();
    await t?.dispose();
  });
  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

  it("beyond loopback every request needs the token, as Bearer or as a Basic password", async () => {
    const none = client(() => beyond.url);
    expectError(
      await none.get("experiments/get", { experiment_id: "0" }),
      401,
      "UNAUTHENTICATED",
      /MLFLOW_TRACKING_TOKEN/,
    );
    expectError(await none.post("experiments/create", { name: "x" }), 401, "UNAUTHENTICATED");
    const wrong = client(() => beyond.url, { authorization: "Bearer not-the-token-at-all" });
    expectError(await wrong.post("experiments/create", { name: "x" }), 401, "UNAUTHENTICATED", /does not match/);
    const wrongBasic = client(() => beyond.url, { authorization: basic("ana", "nope") });
    expectError(await wrongBasic.get("experiments/get", { experiment_id: "0" }), 401, "UNAUTHENTICATED");
    const bearer = client(() => beyond.url, { authorization: `Bearer ${TOKEN}` });
    expect((await bearer.post("experiments/create", { name: "by-bearer" })).status).toBe(200);
    const viaBasic = client(() => beyond.url, { authorization: basic("ana", TOKEN) });
    expect((await viaBasic.post("experiments/create", { name: "by-basic" })).status).toBe(200);
    expect((await viaBasic.get("experiments/get-by-name", { experiment_name: "by-bearer" })).status).toBe(200);
  });

  it("--public-read lets reads (GETs and searches) in without a token, never writes", async () => {
    const none = client(() => publicRead.url);
    expect((await none.get("experiments/get-by-name", { experiment_name: "by-basic" })).status).toBe(200);
    expect((await none.post("experiments/search", {})).status).toBe(200);
    expect((await none.post("runs/search", { experiment_ids: ["0"] })).status).toBe(200);
    expectError(await none.post("experiments/create", { name: "sneaky" }), 401, "UNAUTHENTICATED");
    expectError(await none.post("runs/create", {}), 401, "UNAUTHENTICATED");
  });

  it("on loopback, writes are open without SEEDSCOPE_TOKEN and need it once it is set; Host is checked", async () => {
    expect((await client(() => loopbackOpen.url).post("experiments/create", { name: "open" })).status).toBe(200);
    const none = client(() => loopbackToken.url);
    expect((await none.get("experiments/get-by-name", { experiment_name: "open" })).status).toBe(200);
    expectError(await none.post("experiments/create", { name: "closed" }), 401, "UNAUTHENTICATED", /to log/);
    const viaBasic = client(() => loopbackToken.url, { authorization: basic("", TOKEN) });
    expect((await viaBasic.post("experiments/create", { name: "closed" })).status).toBe(200);
    // A page elsewhere whose name resolves to 127.0.0.1 (DNS rebinding) is refused.
    const rebinding = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        `${loopbackOpen.url}${PREFIX}experiments/search`,
        { method: "POST", headers: { "content-type": "application/json", host: "evil.example" } },
        (res) => {
          let body = "";
          res.on("data", (chunk) => (body += chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on("error", reject);
      req.end("{}");
    });
    expect(rebinding.status).toBe(421);
    expect((JSON.parse(rebinding.body) as { error_code: string }).error_code).toBe("PERMISSION_DENIED");
  });
});
