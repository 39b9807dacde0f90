import { request } from "node:http";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  commitEpoch,
  createRecipe,
  DB_INT_MAX,
  findOrCreateSweep,
  finishRun,
  type Store,
  startRun,
  storeCounts,
} from "@seedscope/db";
import { TEST_BACKEND, tableRowCounts } from "@seedscope/db/testing";
import { getRecipe } from "@seedscope/recipes";
import { type StartedCli, startCli, waitFor } from "./helpers/cli";
import { useCliEnvironment, withCliStore } from "./helpers/cli-env";

/*
 * Malformed requests against two real dashboards on one store, over real HTTP: one bound to loopback (Host
 * header checked), one bound to 0.0.0.0 (SEEDSCOPE_TOKEN required). Every answer must be a 4xx with no stack
 * trace and no server path, and the store must hold exactly the rows it held before.
 */

const TOKEN = "fuzz-token-0123456789abcdef";
const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
/** An absolute server path in a response body (the repository, a home, the temp dir, an installed module). */
const SERVER_PATH = /(^|[^\w.~-])\/(work|home|root|tmp|usr|opt|var|etc|srv|mnt|proc)\/|node_modules/;
/** A stack trace: an error's `stack` field, or the frames themselves. */
const STACK = /"stack"|\bat \S+ \(|\bat (file|node):/;

interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

interface Probe {
  readonly kind: string;
  readonly name: string;
  /** Which dashboard: bound to loopback, or to 0.0.0.0 with a token. */
  readonly server: "loopback" | "token";
  /** The exact status, when the request has one right answer. */
  readonly status?: number;
  /** An API answer must then carry a message matching this (one sentence naming the problem). */
  readonly message?: RegExp;
  send(port: number): Promise<Answer>;
}

/** A request through node:http (which, unlike fetch, may set any Host header and method). */
function http(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): (port: number) => Promise<Answer> {
  return (port) =>
    new Promise((resolve, reject) => {
      const req = request(
        { host: "127.0.0.1", port, method, path, headers, setHost: !("host" in headers), agent: false },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (text += chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
}

function dechunk(body: string): string {
  let text = "";
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf("\r\n", at);
    const size = lineEnd < 0 ? 0 : Number.parseInt(body.slice(at, lineEnd), 16);
    if (!(size > 0)) return text;
    text += body.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
}

/** Bytes written as they are on a socket, for requests node:http refuses to send; reads until the server closes. */
function raw(text: string): (port: number) => Promise<Answer> {
  return (port) =>
    new Promise((resolve, reject) => {
      const socket = connect(port, "127.0.0.1");
      let received = "";
      socket.setEncoding("latin1");
      socket.on("data", (chunk: string) => (received += chunk));
      socket.on("error", reject);
      socket.on("end", () => {
        const [head = "", ...rest] = received.split("\r\n\r\n");
        const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
        const headers: Record<string, string> = {};
        for (const line of head.split("\r\n").slice(1)) {
          const colon = line.indexOf(":");
          if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
        }
        const body = rest.join("\r\n\r\n");
        resolve({ status, headers, body: headers["transfer-encoding"] === "chunked" ? dechunk(body) : body });
      });
      socket.end(text);
    });
}

const API = "/api/trpc/";
const input = (value: unknown) => encodeURIComponent(JSON.stringify(superjson.serialize(value)));
const query = (procedure: string, value: unknown) => `${API}${procedure}?input=${input(value)}`;

/** mulberry32: the list below is drawn from a fixed seed, so every run sends exactly the same requests. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function fuzzList(seed: number): Probe[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  /** An integer that passes "whole number" but overflows the int4 columns. */
  const overflow = () => DB_INT_MAX + 1 + Math.floor(random() * (Number.MAX_SAFE_INTEGER - DB_INT_MAX - 1));
  const withNul = (text: string) => {
    const at = Math.floor(random() * (text.length + 1));
    return `${text.slice(0, at)}\u0000${text.slice(at)}`;
  };
  const hash = "ab".repeat(32);
  const probes: Probe[] = [];
  const add = (probe: Omit<Probe, "server"> & { server?: Probe["server"] }) =>
    probes.push({ server: "loopback", ...probe });
  const get = (path: string, headers?: Record<string, string>) => http("GET", path, headers);

  // 1. Integers past the int4 columns (ids, seeds, epochs, offsets), and other numbers that are no integer.
  const intFields: [string, string, (n: number) => unknown][] = [
    ["runs.get", "id", (n) => ({ id: n })],
    ["runs.metrics", "id", (n) => ({ id: n })],
    ["runs.list", "sweepId", (n) => ({ sweepId: n })],
    ["runs.list", "seed", (n) => ({ seed: n })],
    ["runs.list", "offset", (n) => ({ offset: n })],
    ["sweeps.study", "sweepId", (n) => ({ sweepId: n })],
    ["sweeps.study", "earlyEpoch", (n) => ({ sweepId: 1, earlyEpoch: n })],
    ["sweeps.study", "referenceSeed", (n) => ({ sweepId: 1, referenceSeed: n })],
    ["changes", "runId", (n) => ({ runId: n })],
    ["changes", "sweepId", (n) => ({ sweepId: n })],
    ["compare.generalization", "sweepId", (n) => ({ sweepId: n })],
    ["compare.matrix", "sweepId", (n) => ({ sweepId: n })],
    ["compare.groupList", "sweepId", (n) => ({ sweepId: n })],
    ["compare.architectures", "sweepId", (n) => ({ sweepId: n })],
    [
      "compare.groups",
      "a.sweepId",
      (n) => ({
        a: { recipeHash: hash, arch: "resnet8", dataset: "digits", sweepId: n },
        b: { recipeHash: hash, arch: "resnet8", dataset: "digits" },
      }),
    ],
  ];
  for (const [procedure, field, make] of intFields) {
    const n = overflow();
    add({
      kind: "int overflow",
      name: `${procedure} ${field}=${n}`,
      status: 400,
      message: new RegExp(`^Invalid input for ${procedure.replace(".", "\\.")}: ${field.replace(".", "\\.")}: `),
      send: get(query(procedure, make(n))),
    });
  }
  add({
    kind: "int overflow",
    name: "runs.get id=2147483648 (2³¹)",
    status: 400,
    message: /^Invalid input for runs\.get: id: must be a whole number from 1 to 2147483647\.$/,
    send: get(query("runs.get", { id: 2 ** 31 })),
  });
  for (const id of [-(2 ** 31) - 1, 1.5, 1e308, -0.5]) {
    add({ kind: "int overflow", name: `runs.get id=${id}`, status: 400, send: get(query("runs.get", { id })) });
  }

  // 2. A NUL byte in a text filter (PostgreSQL cannot hold one).
  const textFilters: [string, string, (text: string) => unknown][] = [
    ["runs.list", "arch", (text) => ({ arch: text })],
    ["runs.list", "dataset", (text) => ({ dataset: text })],
    ["runs.list", "recipe", (text) => ({ recipe: text })],
    ["changes", "arch", (text) => ({ arch: text })],
    ["compare.generalization", "dataset", (text) => ({ dataset: text })],
    ["recipes.list", "arch", (text) => ({ arch: text })],
    ["recipes.diff", "refs.1", (text) => ({ refs: ["deit3", text] })],
    ["sweeps.study", "group.arch", (text) => ({ sweepId: 1, group: { recipeHash: hash, arch: text, dataset: "d" } })],
  ];
  for (const [procedure, field, make] of textFilters) {
    const text = withNul(pick(["resnet8", "digits", "deit3", "a2"]));
    add({
      kind: "NUL in a filter",
      name: `${procedure} ${field} with NUL`,
      status: 400,
      message: new RegExp(`^Invalid input for ${procedure.replace(".", "\\.")}: ${field.replace(".", "\\.")}: .*NUL`),
      send: get(query(procedure, make(text))),
    });
  }

  // 3. run:<id> references that overflow (or name no run) in the recipe diff.
  for (const ref of ["run:99999999999", `run:${overflow()}`, "run:2147483648"]) {
    add({
      kind: "recipe ref",
      name: `recipes.diff ${ref}`,
      status: 400,
      message: /^Invalid input for recipes\.diff: refs\.0: run:<id> needs a run id from 1 to 2147483647\.$/,
      send: get(query("recipes.diff", { refs: [ref, "deit3"] })),
    });
  }
  add({
    kind: "recipe ref",
    name: "recipes.diff run:2147483647 (no such run)",
    status: 400,
    message: /^no run has id 2147483647/,
    send: get(query("recipes.diff", { refs: ["run:2147483647", "deit3"] })),
  });

  // 4. Methods the dashboard does not answer.
  for (const method of ["TRACE", "PUT", "DELETE", "OPTIONS", "PATCH", "PROPFIND"]) {
    const path = pick([`${API}overview`, "/", "/runs"]);
    add({ kind: "method", name: `${method} ${path}`, status: 405, send: http(method, path) });
  }
  add({ kind: "method", name: "POST to a page", status: 405, send: http("POST", "/runs", {}, "") });
  add({
    kind: "method",
    name: "POST to a query procedure",
    status: 405,
    send: http("POST", `${API}runs.list`, { "content-type": "application/json" }, "{}"),
  });

  // 5. Limits: batch size, URL length, body size.
  for (const size of [21, 20 + Math.floor(random() * 200), 400]) {
    add({
      kind: "batch",
      name: `a batch of ${size} procedures`,
      status: 400,
      message: /^A batched call may ask for at most 20 procedures/,
      send: get(`${API}${Array.from({ length: size }, () => "overview").join(",")}?batch=1`),
    });
  }
  add({
    kind: "batch",
    name: "a POSTed batch of 30",
    status: 400,
    send: http(
      "POST",
      `${API}${Array(30).fill("runs.facets").join(",")}?batch=1`,
      {
        "content-type": "application/json",
      },
      "{}",
    ),
  });
  for (const length of [8_193, 9_000 + Math.floor(random() * 20_000)]) {
    add({
      kind: "URL length",
      name: `a ${length}-character URL`,
      status: 414,
      send: get(`${API}overview?pad=${"a".repeat(length - `${API}overview?pad=`.length)}`),
    });
  }
  add({
    kind: "URL length",
    name: "a 70,000-character URL (past Node's header limit)",
    status: 431,
    send: get(`/?${"b".repeat(70_000)}`),
  });
  add({
    kind: "body size",
    name: "a declared 50 MB body",
    status: 413,
    send: raw(
      `POST ${API}overview HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 50000000\r\n\r\n`,
    ),
  });
  add({
    kind: "body size",
    name: "a 65,537-byte body",
    status: 413,
    send: raw(
      `POST ${API}overview HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 65537\r\n\r\n`,
    ),
  });
  add({
    kind: "body size",
    name: "a 200 kB chunked body (no declared length)",
    status: 411,
    send: http(
      "POST",
      `${API}runs.list`,
      { "content-type": "application/json", "transfer-encoding": "chunked" },
      "x".repeat(200_000),
    ),
  });

  // 6. Host headers a rebound DNS name (or a mistake) would send to the loopback-bound dashboard.
  for (const host of [
    "evil.example",
    "evil.example:80",
    "127.0.0.1.nip.io",
    "localhost.evil.example",
    "[::2]:3000",
    "127.0.0.2",
  ]) {
    add({ kind: "Host", name: `Host: ${host}`, status: 421, send: get(pick([`${API}overview`, "/"]), { host }) });
  }
  add({
    kind: "Host",
    name: "no Host header",
    status: 400,
    send: raw(`GET ${API}overview HTTP/1.1\r\nConnection: close\r\n\r\n`),
  });
  add({
    kind: "Host",
    name: "an absolute-form target naming another origin",
    status: 400,
    send: raw(`GET http://evil.example${API}overview HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`),
  });

  // 7. The dashboard bound beyond loopback: the token, missing or wrong.
  const wrong = `${TOKEN.slice(0, -1)}${TOKEN.endsWith("x") ? "y" : "x"}`;
  const tokenProbes: [string, string, Record<string, string>][] = [
    ["no token", `${API}overview`, {}],
    ["no token, a page", "/runs", {}],
    ["a wrong bearer token", `${API}overview`, { authorization: `Bearer ${wrong}` }],
    ["a bearer token of another length", `${API}overview`, { authorization: `Bearer ${TOKEN}0` }],
    ["an empty bearer", `${API}overview`, { authorization: "Bearer " }],
    ["basic auth", `${API}overview`, { authorization: `Basic ${Buffer.from(`u:${TOKEN}`).toString("base64")}` }],
    ["a wrong cookie", "/", { cookie: `seedscope_token=${wrong}` }],
    ["a wrong ?token=", `/?token=${wrong}`, {}],
  ];
  for (const [name, path, headers] of tokenProbes) {
    add({ kind: "token", name, server: "token", status: 401, send: get(path, headers) });
  }
  add({
    kind: "token",
    name: "with the token, an overflowing id is still a 400",
    server: "token",
    status: 400,
    send: get(query("runs.get", { id: overflow() }), { authorization: `Bearer ${TOKEN}` }),
  });

  // 8. Malformed tRPC calls and paths.
  add({
    kind: "malformed",
    name: "input that is not JSON",
    status: 400,
    send: get(`${API}runs.list?input=%7Bnot-json`),
  });
  add({ kind: "malformed", name: "a bad %-escape in the path", status: 400, send: get(`${API}%ZZ`) });
  add({ kind: "malformed", name: "an unknown procedure", status: 404, send: get(`${API}runs.drop`) });
  add({ kind: "malformed", name: "__proto__ as a procedure", status: 404, send: get(`${API}__proto__`) });
  add({
    kind: "malformed",
    name: "a bigint id via superjson",
    status: 400,
    send: get(
      `${API}runs.get?input=${encodeURIComponent(JSON.stringify({ json: { id: "99999999999" }, meta: { values: { id: ["bigint"] } } }))}`,
    ),
  });
  add({
    kind: "malformed",
    name: "a superjson __proto__ path",
    status: 400,
    send: get(
      `${API}runs.get?input=${encodeURIComponent(JSON.stringify({ json: {}, meta: { values: { "__proto__.polluted": ["undefined"] } } }))}`,
    ),
  });
  add({
    kind: "malformed",
    name: "deeply nested input",
    status: 400,
    send: get(`${API}runs.list?input=${"[".repeat(2_000)}${"]".repeat(2_000)}`),
  });
  add({
    kind: "malformed",
    name: "a batch whose input is not an object",
    status: 400,
    send: get(`${API}runs.get?batch=1&input=%5B1%5D`),
  });
  add({
    kind: "malformed",
    name: "sort by an unknown column",
    status: 400,
    send: get(query("runs.list", { sort: "password" })),
  });
  add({
    kind: "malformed",
    name: "a 501-character filter",
    status: 400,
    send: get(query("runs.list", { arch: "r".repeat(501) })),
  });
  add({
    kind: "malformed",
    name: "path traversal to a static file",
    status: 404,
    send: get("/_next/static/..%2f..%2f..%2fpackage.json"),
  });
  return probes;
}

/** The message of a tRPC error body (the first one of a batch), or "" when there is none. */
function errorMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as unknown;
    const first = (Array.isArray(parsed) ? parsed[0] : parsed) as { error?: { json?: { message?: unknown } } } | null;
    const message = first?.error?.json?.message;
    return typeof message === "string" ? message : "";
  } catch {
    return "";
  }
}

interface StoreSnapshot {
  readonly rows: Record<string, number>;
  readonly counts: Awaited<ReturnType<typeof storeCounts>>;
}

/** Rows in every table of the store, and the runs by status: what a request must not change. */
async function snapshot(store: Store): Promise<StoreSnapshot> {
  const rows = await tableRowCounts(store);
  return { rows, counts: await storeCounts(store) };
}

/** One recipe, one sweep, one finished run with two epochs: ids and references for the probes to miss. */
async function seedStore(store: Store): Promise<void> {
  const { hash } = await createRecipe(store, { body: getRecipe("a2"), name: "a2" });
  const sweep = await findOrCreateSweep(store, { plan: { fuzz: true }, name: "fuzz", launchedBy: "test" });
  const { id } = await startRun(store, {
    recipeHash: hash,
    arch: "resnet8",
    dataset: "digits",
    seed: 0,
    sweepId: sweep.id,
  });
  for (const epoch of [1, 2]) {
    await commitEpoch(store, id, null, {
      epochsDone: epoch,
      points: [{ key: "val/top1", step: epoch, value: 40 + epoch }],
      checkpoint: new Uint8Array([epoch]),
    });
  }
  await finishRun(store, id, { status: "finished", summary: { val: { top1: 42 } } });
}

async function startDashboard(
  args: string[],
  env: Record<string, string | undefined>,
): Promise<{ cli: StartedCli; port: number }> {
  const cli = startCli(["dashboard", "--port", "0", ...args], env);
  await waitFor(
    () => /dashboard: http:\/\/\S+:\d+/.test(cli.output()) || cli.child.exitCode !== null,
    "the dashboard to listen",
    180_000,
  );
  const port = /dashboard: http:\/\/\S+:(\d+)/.exec(cli.output())?.[1];
  if (!port) throw new Error(`the dashboard did not start:\n${cli.output()}`);
  return { cli, port: Number(port) };
}

describe(`dashboard HTTP fuzz: every malformed request is a 4xx without stack or path, store unchanged (${TEST_BACKEND})`, () => {
  const env = useCliEnvironment("http-fuzz");
  const probes = fuzzList(17);
  let loopback: { cli: StartedCli; port: number };
  let beyond: { cli: StartedCli; port: number };
  let before: StoreSnapshot;

  beforeAll(async () => {
    await withCliStore(env, seedStore);
    [loopback, beyond] = await Promise.all([
      startDashboard([], env.env),
      startDashboard(["--host", "0.0.0.0"], { ...env.env, SEEDSCOPE_TOKEN: TOKEN }),
    ]);
    before = await withCliStore(env, snapshot);
  }, 240_000);

  afterAll(async () => {
    for (const dashboard of [loopback, beyond]) dashboard?.cli.child.kill("SIGINT");
    for (const dashboard of [loopback, beyond]) if (dashboard) await dashboard.cli.exit;
  });

  it("the list covers every kind of malformed request with at least 40 of them", () => {
    expect(probes.length).toBeGreaterThanOrEqual(40);
    const kinds = new Set(probes.map((p) => p.kind));
    for (const kind of [
      "int overflow",
      "NUL in a filter",
      "recipe ref",
      "method",
      "batch",
      "URL length",
      "body size",
      "Host",
      "token",
      "malformed",
    ]) {
      expect(kinds, kind).toContain(kind);
    }
  });

  it("answers each with a 4xx and one sentence, never a stack or a server path; the store is unchanged", {
    timeout: 120_000,
  }, async () => {
    const failures: string[] = [];
    for (const probe of probes) {
      const answer = await probe.send(probe.server === "loopback" ? loopback.port : beyond.port);
      const problems: string[] = [];
      if (answer.status < 400 || answer.status > 499) problems.push(`status ${answer.status}`);
      if (probe.status !== undefined && answer.status !== probe.status)
        problems.push(`status ${answer.status}, expected ${probe.status}`);
      if (STACK.test(answer.body)) problems.push("a stack trace in the body");
      if (SERVER_PATH.test(answer.body) || answer.body.includes(REPO_ROOT)) problems.push("a server path in the body");
      if (answer.status === 405 && !/GET/.test(String(answer.headers.allow ?? "")))
        problems.push("405 without an Allow header");
      if (String(answer.headers["content-type"] ?? "").startsWith("application/json")) {
        const message = errorMessage(answer.body);
        if (!/^[^\n]+[.!?]$/.test(message)) problems.push(`message is not one sentence: ${JSON.stringify(message)}`);
        if (probe.message && !probe.message.test(message))
          problems.push(`message ${JSON.stringify(message)} does not match ${probe.message}`);
      } else if (probe.message) {
        problems.push(`no JSON error body: ${answer.body.slice(0, 200)}`);
      }
      if (problems.length > 0) failures.push(`${probe.kind} / ${probe.name}: ${problems.join("; ")}`);
    }
    expect(failures).toEqual([]);

    // Both dashboards still serve a good request, and nothing in the store moved.
    const good = await http("GET", `${API}overview`)(loopback.port);
    expect(good.status).toBe(200);
    const withToken = await http("GET", `${API}overview`, { authorization: `Bearer ${TOKEN}` })(beyond.port);
    expect(withToken.status).toBe(200);
    expect(await withCliStore(env, snapshot)).toEqual(before);
    expect(before.counts.runs).toBe(1);
  });

  it("beyond loopback, ?token= once sets an HttpOnly SameSite=Strict cookie that lets the pages in", async () => {
    const first = await http("GET", `/runs?token=${TOKEN}`)(beyond.port);
    expect(beyond.cli.output().split(`?token=${TOKEN}`), "the URL with the token is printed once").toHaveLength(2);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe("/runs");
    const cookie = String(first.headers["set-cookie"] ?? "");
    expect(cookie).toMatch(/^seedscope_token=[^;]+; Path=\/; HttpOnly; SameSite=Strict$/);
    const page = await http("GET", "/runs", { cookie: cookie.split(";")[0]! })(beyond.port);
    expect(page.status).toBe(200);
  });

  it("the redirect after ?token= stays on the dashboard", async () => {
    const answer = await http("GET", `//evil.example/x?token=${TOKEN}`)(beyond.port);
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toMatch(/^\/(?!\/)/);
    expect(answer.headers.location).not.toContain("evil.example");
  });

  it("refuses to start beyond loopback without SEEDSCOPE_TOKEN, saying how", async () => {
    const refused = startCli(["dashboard", "--port", "0", "--host", "0.0.0.0"], {
      ...env.env,
      SEEDSCOPE_TOKEN: undefined,
    });
    expect(await refused.exit).toBe(1);
    expect(refused.output()).toMatch(/needs? .*token|must carry a token/);
    expect(refused.output()).toMatch(/set SEEDSCOPE_TOKEN/);
    expect(refused.output()).not.toMatch(/dashboard: http/);
  });
});
