#!/usr/bin/env node
// Turns an edit of prisma/schema.prisma into a new migration in prisma/migrations/, without Prisma's
// native engines (which these machines cannot download):
//   npm run migration:new -- <name>
// Prisma 7's CLI has no wasm schema engine, so the diff is computed by Prisma 6.19's `migrate diff`
// (engine "js"), installed once into node_modules/.cache. That command wants a live PostgreSQL even for a
// datamodel-to-datamodel diff (it changes nothing there): DATABASE_URL, else the local default server
// (`docker compose up -d` starts one). PGlite behind pglite-socket was tried and hangs the diff.
// The previous state is prisma/migrations/schema.snapshot.prisma; a test fails while the two differ.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { offlinePrismaEnv } from "./prisma-env.mjs";

const PRISMA6 = "6.19.3";
const root = fileURLToPath(new URL("..", import.meta.url));
const migrationsDir = join(root, "prisma", "migrations");
const schemaPath = join(root, "prisma", "schema.prisma");
const snapshotPath = join(migrationsDir, "schema.snapshot.prisma");

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error(
    "usage: npm run migration:new -- <name>   (name: lower-case letters, digits and _, e.g. add_run_owner)",
  );
  process.exit(2);
}

const toolDir = join(root, "node_modules", ".cache", "seedscope", `prisma-${PRISMA6}`);
installPrisma6(toolDir);

const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
{
  const oldSchema = join(toolDir, "old.prisma");
  const newSchema = join(toolDir, "new.prisma");
  writeFileSync(oldSchema, forDiff(readFileSync(snapshotPath, "utf8")));
  writeFileSync(newSchema, forDiff(readFileSync(schemaPath, "utf8")));
  writeFileSync(join(toolDir, "prisma.config.mjs"), configSource(url));
  const diff = spawnSync(
    process.execPath,
    [
      join(toolDir, "node_modules", "prisma", "build", "index.js"),
      "migrate",
      "diff",
      "--config",
      "prisma.config.mjs",
      "--from-schema-datamodel",
      oldSchema,
      "--to-schema-datamodel",
      newSchema,
      "--script",
    ],
    { cwd: toolDir, env: { ...offlinePrismaEnv(root), SEEDSCOPE_DIFF_URL: url }, encoding: "utf8", timeout: 180_000 },
  );
  if (diff.status !== 0) {
    console.error(`prisma migrate diff failed:\n${diff.stderr || diff.stdout || diff.error?.message}`);
    console.error(
      "It needs a reachable PostgreSQL (nothing is changed there): set DATABASE_URL, or run `docker compose up -d`.",
    );
    process.exit(1);
  }
  const sql = diff.stdout.trim();
  if (sql === "" || /^-- This is an empty migration\.?$/.test(sql)) {
    console.log("prisma/schema.prisma has no changes since the last migration; nothing to do.");
    process.exit(0);
  }
  const folder = `${timestamp()}_${name}`;
  const dir = join(migrationsDir, folder);
  mkdirSync(dir);
  writeFileSync(join(dir, "migration.sql"), `${sql}\n`);
  copyFileSync(schemaPath, snapshotPath);
  console.log(`wrote ${join("prisma", "migrations", folder, "migration.sql")}:\n\n${sql}\n`);
  console.log("Review it, then run the tests: both backends apply it on first use.");
}

function installPrisma6(dir) {
  if (existsSync(join(dir, "node_modules", "prisma", "package.json"))) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "seedscope-prisma6", private: true }));
  console.log(`installing prisma@${PRISMA6} (its wasm schema engine computes the diff) into ${dir} …`);
  const result = spawnSync(
    "npm",
    ["install", "--no-audit", "--no-fund", "--ignore-scripts", `prisma@${PRISMA6}`, `@prisma/adapter-pg@${PRISMA6}`],
    { cwd: dir, stdio: "inherit" },
  );
  if (result.status !== 0) process.exit(1);
}

// Prisma 6 wants a url in the datasource and does not know Prisma 7's `prisma-client` generator options.
function forDiff(schema) {
  return schema
    .replace(/^generator\s+\w+\s*\{[^}]*\}\s*/m, "")
    .replace(/(datasource\s+\w+\s*\{[^}]*provider\s*=\s*"postgresql")/m, '$1\n  url = env("SEEDSCOPE_DIFF_URL")');
}

function configSource(url) {
  return `import { PrismaPg } from "@prisma/adapter-pg";
export default {
  experimental: { adapter: true },
  engine: "js",
  schema: "new.prisma",
  async adapter() { return new PrismaPg({ connectionString: ${JSON.stringify(url)} }); },
};
`;
}

function timestamp() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
}
