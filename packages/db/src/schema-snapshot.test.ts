import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const read = (relative: string) => readFileSync(new URL(`../../../prisma/${relative}`, import.meta.url), "utf8");

describe("prisma/schema.prisma", () => {
  it("has a migration for every change (the snapshot written by `npm run migration:new` matches it)", () => {
    const message =
      "prisma/schema.prisma changed without a migration: run `npm run migration:new -- <name>` (see the README's development section)";
    expect(read("schema.prisma"), message).toBe(read("migrations/schema.snapshot.prisma"));
  });
});
