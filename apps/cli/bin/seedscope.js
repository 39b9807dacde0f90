#!/usr/bin/env node
// seedscope is written in TypeScript and runs through tsx, so no build step is needed after `npm install`.
import { register } from "tsx/esm/api";

register();
if (process.argv[2] === "sweep" || process.argv[2] === "worker") {
  const { exitOnEarlySignals } = await import("../src/early-signals.ts");
  exitOnEarlySignals();
}
await import("../src/main.ts");
