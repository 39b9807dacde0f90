import { defineConfig } from "prisma/config";

// Used only by the Prisma CLI on machines that can run its engines (e.g. `prisma migrate status`).
// seedscope itself applies prisma/migrations at first use of either backend.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
});
