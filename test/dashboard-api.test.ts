import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestStore, type TestStore } from "@seedscope/db/testing";
import { createApiHandler } from "@seedscope/web/server";
import { apiUrl } from "./dashboard-api";

/** An absolute server path (where the code or the store lives) in a response body. */
const SERVER_PATH = /(^|[\s"'(=])\/(work|home|tmp|usr|root|opt|var)\//;

async function serve(handler: ReturnType<typeof createApiHandler>): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

interface ErrorBody {
  error?: { json?: { message?: string; data?: Record<string, unknown> } };
}

async function failure(
  url: string,
): Promise<{ status: number; text: string; message: string; data: Record<string, unknown> }> {
  const response = await fetch(url);
  const text = await response.text();
  const body = JSON.parse(text) as ErrorBody;
  return {
    status: response.status,
    text,
    message: body.error?.json?.message ?? "",
    data: body.error?.json?.data ?? {},
  };
}

/** One human sentence: no line breaks, no JSON, ends like a sentence. */
function expectOneSentence(message: string): void {
  expect(message).not.toMatch(/\n/);
  expect(message).not.toMatch(/^\s*[[{]/);
  expect(message).not.toMatch(/"code"\s*:|"path"\s*:/);
  expect(message).toMatch(/[.!?]$/);
}

describe("dashboard API errors: one sentence, no stack traces or server paths", () => {
  let test: TestStore;
  let quiet: { url: string; server: Server };
  let verbose: { url: string; server: Server };

  beforeAll(async () => {
    test = await openTestStore();
    quiet = await serve(createApiHandler(test.store));
    verbose = await serve(createApiHandler(test.store, { verbose: true }));
  });

  afterAll(async () => {
    for (const s of [quiet, verbose]) if (s) await new Promise((resolve) => s.server.close(resolve));
    await test?.dispose();
  });

  it("bad input is a 400 naming the field in one sentence", async () => {
    const bad = await failure(apiUrl(quiet.url, "sweeps.study", { sweepId: "abc" }));
    expect(bad.status).toBe(400);
    expect(bad.message).toBe("Invalid input for sweeps.study: sweepId: expected number, received string.");
    expectOneSentence(bad.message);
    expect(bad.data).not.toHaveProperty("stack");
    expect(bad.text).not.toMatch(SERVER_PATH);

    const hash = await failure(
      apiUrl(quiet.url, "sweeps.study", {
        sweepId: 1,
        group: { recipeHash: "nothex", arch: "resnet8", dataset: "digits" },
      }),
    );
    expect(hash.status).toBe(400);
    expect(hash.message).toBe(
      "Invalid input for sweeps.study: group.recipeHash must be a full 64-hex-digit recipe hash.",
    );

    const sort = await failure(apiUrl(quiet.url, "runs.list", { sort: "bogus" }));
    expect(sort.status).toBe(400);
    expect(sort.message).toMatch(/^Invalid input for runs\.list: sort: /);
    expectOneSentence(sort.message);
  });

  it("malformed JSON input and unknown references are 400s with one sentence too", async () => {
    const malformed = await failure(`${quiet.url}/api/trpc/runs.list?input=%7Bnot-json`);
    expect(malformed.status).toBe(400);
    expectOneSentence(malformed.message);
    expect(malformed.text).not.toMatch(SERVER_PATH);
    expect(malformed.data).not.toHaveProperty("stack");

    const missing = await failure(apiUrl(quiet.url, "runs.get", { id: 424242 }));
    expect(missing.status).toBe(400);
    expect(missing.message).toBe("no run has id 424242: the Runs page lists the stored ones.");
  });

  it("a server-side failure says so without its internals; --verbose adds them", async () => {
    // A closed store makes every query fail inside the server.
    const store = await openTestStore();
    const broken = await serve(createApiHandler(store.store));
    const brokenVerbose = await serve(createApiHandler(store.store, { verbose: true }));
    await store.dispose();
    const errors: unknown[] = [];
    const log = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const plain = await failure(apiUrl(broken.url, "overview"));
      expect(plain.status).toBe(500);
      expect(plain.message).toBe("The server could not answer overview; the dashboard's log has the details.");
      expect(plain.data).not.toHaveProperty("stack");
      expect(plain.text).not.toMatch(SERVER_PATH);

      const detailed = await failure(apiUrl(brokenVerbose.url, "overview"));
      expect(detailed.status).toBe(500);
      expect(typeof detailed.data.stack).toBe("string");
    } finally {
      console.error = log;
      for (const s of [broken, brokenVerbose]) await new Promise((resolve) => s.server.close(resolve));
    }
    expect(errors.length, "the failure is logged on the server").toBeGreaterThan(0);
  });
});
