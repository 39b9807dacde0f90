/*
 * Writes fixtures/recipes-v<N>.json: the recipes as this version (schema version N) stores them. Run it
 * once when a schema version is introduced (`npx tsx packages/recipes/scripts/write-fixture.ts`); it
 * refuses to overwrite an existing fixture, since older versions' fixtures are what later code must read.
 */
import { existsSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { recipeFixture } from "../src/fixture";

const fixture = recipeFixture();
const path = fileURLToPath(new URL(`../fixtures/recipes-v${fixture.schemaVersion}.json`, import.meta.url));
if (existsSync(path)) {
  console.error(`${path} exists: a stored version's fixture is never rewritten`);
  process.exit(1);
}
writeFileSync(path, `${JSON.stringify(fixture, null, 2)}\n`);
console.log(`wrote ${path}: ${fixture.recipes.length} recipes`);
