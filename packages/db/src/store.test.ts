import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RUN_STATUSES } from "@seedscope/core";
import { applyMigrations, migrationStatus, readMigrations } from "./migrations";
import { storeCounts } from "./queries";
import { openTestStore, TEST_BACKEND, type TestStore } from "./testing";
import { clientsOf } from "./store-clients";

describe(`migrations on an empty ${TEST_BACKEND} database`, () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore({ migrate: false });
  });
  afterAll(() => t.dispose());

  it("starts with every migration pending and no tables", async () => {
    const status = await migrationStatus(clientsOf(t.store).sql);
    expect(status.applied).toEqual([]);
    expect(status.pending).toEqual(readMigrations().map((m) => m.name));
    const tables = await clientsOf(t.store).sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    expect(tables[0]!.n).toBe(0);
  });

  it("applies all migrations once, recorded as Prisma records them", async () => {
    const applied = await applyMigrations(clientsOf(t.store).sql, { backend: t.store.backend });
    expect(applied).toEqual(readMigrations().map((m) => m.name));
    expect(await applyMigrations(clientsOf(t.store).sql, { backend: t.store.backend })).toEqual([]);
    const rows = await clientsOf(t.store).sql.query<{
      migration_name: string;
      checksum: string;
      applied_steps_count: number;
    }>(`SELECT migration_name, checksum, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`);
    expect(rows.map((r) => [r.migration_name, r.checksum])).toEqual(readMigrations().map((m) => [m.name, m.checksum]));
    const status = await migrationStatus(clientsOf(t.store).sql);
    expect(status.pending).toEqual([]);
    expect(status.modified).toEqual([]);
  });

  it("creates the schema Prisma expects: the client can read and count", async () => {
    const counts = await storeCounts(t.store);
    expect(counts.runs).toBe(0);
    expect(Object.keys(counts.runsByStatus).sort()).toEqual([...RUN_STATUSES].sort());
    expect(await clientsOf(t.store).prisma.recipe.count()).toBe(0);
    const enumValues = await clientsOf(t.store).sql.query<{ v: string }>(
      `SELECT unnest(enum_range(NULL::"RunStatus"))::text AS v`,
    );
    expect(enumValues.map((r) => r.v)).toEqual([...RUN_STATUSES]);
  });

  it("flags a migration whose file changed after it was applied", async () => {
    const files = readMigrations().map((m, i) => (i === 0 ? { ...m, checksum: "0".repeat(64) } : m));
    const status = await migrationStatus(clientsOf(t.store).sql, files);
    expect(status.modified).toEqual([files[0]!.name]);
  });

  it("refuses a database that has migrations this version does not know", async () => {
    await clientsOf(t.store).sql.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
       VALUES ('00000000-0000-0000-0000-000000000001', 'x', '29990101000000_from_the_future', now(), 1)`,
    );
    await expect(applyMigrations(clientsOf(t.store).sql, { backend: t.store.backend })).rejects.toThrow(
      /does not know \(29990101000000_from_the_future\).*update seedscope/,
    );
  });
});
