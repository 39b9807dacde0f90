import type { Store } from "@seedscope/db";

/** Opens the store from the environment, runs `fn`, and always closes it. */
export async function withStore<T>(fn: (store: Store) => Promise<T>, options: { migrate?: boolean } = {}): Promise<T> {
  // Loaded here, not at start-up: @seedscope/db brings Prisma and PGlite, and `--help` needs neither.
  const { openStore } = await import("@seedscope/db");
  const store = await openStore({ migrate: options.migrate });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
