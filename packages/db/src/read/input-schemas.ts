import { z } from "zod";

/** The largest value of PostgreSQL's `int4`, the type of every id, seed, epoch and step column. */
export const DB_INT_MAX = 2_147_483_647;

/** The longest text filter (an architecture, a dataset, a recipe name or reference) a reader accepts. */
export const FILTER_TEXT_MAX = 500;

/** A row id (run, sweep): a whole number that fits the `int4` id columns. */
export const DbIdSchema = z
  .number()
  .int(`must be a whole number from 1 to ${DB_INT_MAX}`)
  .min(1, `must be a whole number from 1 to ${DB_INT_MAX}`)
  .max(DB_INT_MAX, `must be a whole number from 1 to ${DB_INT_MAX}`);

/** A seed, an epoch, a step or an offset: a whole number ≥ 0 that fits an `int4` column. */
export const DbIntSchema = z
  .number()
  .int(`must be a whole number from 0 to ${DB_INT_MAX}`)
  .min(0, `must be a whole number from 0 to ${DB_INT_MAX}`)
  .max(DB_INT_MAX, `must be a whole number from 0 to ${DB_INT_MAX}`);

// PostgreSQL cannot store or compare a NUL character in text: such a filter would fail inside the database.
const hasNoNul = (text: string) => !text.includes("\u0000");

/** A text filter: non-empty, bounded, and without the NUL character PostgreSQL rejects. */
export const FilterTextSchema = z
  .string()
  .min(1, "must not be empty")
  .max(FILTER_TEXT_MAX, `must be at most ${FILTER_TEXT_MAX} characters`)
  .refine(hasNoNul, "must not contain a NUL character (\\u0000)");

const RUN_REF = /^run:(\d+)$/;

/**
 * A recipe reference as `resolveRecipe` reads it (a built-in name, a stored hash or name, or `run:<id>`),
 * whose `run:<id>` fits the id column.
 */
export const RecipeRefSchema = FilterTextSchema.refine((ref) => {
  const run = RUN_REF.exec(ref);
  return run === null || Number(run[1]) <= DB_INT_MAX;
}, `run:<id> needs a run id from 1 to ${DB_INT_MAX}`);
