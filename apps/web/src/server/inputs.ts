import { z } from "zod";
import {
  ChangeScopeSchema,
  ComparisonInputSchema,
  DbIdSchema,
  DbIntSchema,
  FilterTextSchema,
  GroupKeySchema,
  GroupRefSchema,
  RecipeRefSchema,
  RunFilterSchema,
  ScopeSchema,
} from "@seedscope/db";

/*
 * What each procedure accepts: the db package's reader schemas, with every id, seed, epoch and offset
 * bounded to its int4 column and every text filter free of NUL, so that bad input is a 400 naming the
 * field before any query runs (the database would otherwise fail with a 500).
 */

const optionalText = FilterTextSchema.optional();

export const ChangesInput = ChangeScopeSchema.extend({
  runId: DbIdSchema.optional(),
  sweepId: DbIdSchema.optional(),
  arch: optionalText,
  dataset: optionalText,
});

export const RunListInput = RunFilterSchema.extend({
  sweepId: DbIdSchema.optional(),
  recipe: optionalText,
  arch: optionalText,
  dataset: optionalText,
  seed: DbIntSchema.optional(),
  source: optionalText,
  limit: z.number().int().min(1).max(500).default(50),
  offset: DbIntSchema.default(0),
});

export const RunIdInput = z.object({ id: DbIdSchema });

/** Two runs to compare (the compare-runs view): a is the reference, b is compared against it. */
export const RunPairInput = z.object({ a: DbIdSchema, b: DbIdSchema });

/** Verified-run counts of one sweep, or of the whole store without one. */
export const VerificationCountsInput = z.object({ sweepId: DbIdSchema.optional() });

export const SeedStudyInput = z.object({
  sweepId: DbIdSchema,
  group: GroupKeySchema.extend({ arch: FilterTextSchema, dataset: FilterTextSchema }).optional(),
  // Epochs are numbered from 1, like ids.
  earlyEpoch: DbIdSchema.optional(),
  referenceSeed: DbIntSchema.optional(),
  includeReference: z.boolean({ error: "includeReference is true or false" }).optional(),
});

export const ScopeInput = ScopeSchema.extend({ sweepId: DbIdSchema.optional(), dataset: optionalText });

export const MatrixInput = ScopeInput.extend({
  correction: z.enum(["holm", "bh"], { error: "correction is holm or bh" }).optional(),
});

const GroupRefInput = GroupRefSchema.extend({
  arch: FilterTextSchema,
  dataset: FilterTextSchema,
  sweepId: DbIdSchema.optional(),
});

export const ComparisonInput = ComparisonInputSchema.extend({
  a: GroupRefInput,
  b: GroupRefInput,
  seed: DbIntSchema.default(0),
});

export const RecipeRunFilterInput = z.object({ arch: optionalText, dataset: optionalText });

export const RecipeDiffInput = RecipeRunFilterInput.extend({
  refs: z.array(RecipeRefSchema).min(2, "pick at least two recipes to compare").max(8),
});

export const AblationPathInput = RecipeRunFilterInput.extend({
  hash: z.string().regex(/^[0-9a-f]{64}$/, "hash must be a full recipe hash"),
});
