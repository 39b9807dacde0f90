// A seedscope process for the shared-store tests: opens the embedded store at argv[2] and then
//   hold          prints "ready <pid> <serving|client>" and keeps the store open until killed;
//   write <run> <steps>  logs one metric point per step to run <run>, each its own commit, printing
//                  "committed <step>" after each; exits 0 when done.
import { setTimeout as sleep } from "node:timers/promises";
import { logMetrics, openStore } from "../../index";

const [dataDir, mode, ...rest] = process.argv.slice(2);
const store = await openStore({ config: { backend: "pglite", dataDir: dataDir! }, reconnectForMs: 60_000 });
const served = store.servedBy();
process.stdout.write(`ready ${process.pid} ${served?.self ? "serving" : "client"}\n`);
if (mode === "hold") {
  process.on("SIGTERM", () => {
    void store.close().then(() => process.exit(0));
  });
  for (;;) await sleep(60_000);
}
if (mode === "write") {
  const runId = Number(rest[0]);
  const steps = Number(rest[1]);
  for (let step = 0; step < steps; step++) {
    await logMetrics(store, runId, [{ key: "train/loss", step, value: step / 10 }]);
    process.stdout.write(`committed ${step}\n`);
    await sleep(20);
  }
  process.stdout.write(`done ${store.servedBy()?.self ? "serving" : "client"}\n`);
  await store.close();
}
