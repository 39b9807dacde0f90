#!/usr/bin/env node
// Generates the Prisma client into packages/db/generated (run by `npm install` as postinstall).
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { offlinePrismaEnv } from "./prisma-env.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const prismaCli = createRequire(join(root, "package.json")).resolve("prisma/build/index.js");
const result = spawnSync(process.execPath, [prismaCli, "generate", "--schema", join(root, "prisma", "schema.prisma")], {
  cwd: root,
  env: offlinePrismaEnv(root),
  stdio: ["ignore", "inherit", "inherit"],
  timeout: 120_000,
});
if (result.status !== 0) {
  console.error(`prisma generate failed (${result.error?.message ?? `exit ${result.status}`})`);
  process.exit(1);
}
