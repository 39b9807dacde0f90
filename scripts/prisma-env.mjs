// Environment for running the Prisma CLI without its native engines, which these machines cannot
// download: the client is generated with the TypeScript query compiler, so the engine paths only need
// to point at a file that exists.
import { mkdirSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";

export function offlinePrismaEnv(root) {
  const dir = join(root, "node_modules", ".cache", "seedscope");
  const placeholder = join(dir, "no-native-engine");
  if (!existsSync(placeholder)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(placeholder, "seedscope uses Prisma's query compiler; no native engine is needed\n");
  }
  return {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? placeholder,
    PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? placeholder,
    PRISMA_ENGINES_CHECKSUM_IGNORE_MISSING: "1",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  };
}
