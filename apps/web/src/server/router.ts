import { z } from "zod";
import {
  ablationPath,
  archRecipeMatrix,
  architectureTable,
  collapsedCount,
  ComparisonInputSchema,
  compareTwoGroups,
  comparisonCsv,
  GroupKeySchema,
  generalization,
  listStoredRecipes,
  listSweeps,
  loadGroups,
  recipeDiffTable,
  RunFilterSchema,
  runFacets,
  runList,
  runMetrics,
  runPage,
  ScopeSchema,
  seedStudy,
  storeCounts,
} from "@seedscope/db";
import { ChangeScopeSchema, changesSince } from "@seedscope/db";
import { procedure, router } from "./trpc";

const RecipeRunFilter = z.object({ arch: z.string().min(1).optional(), dataset: z.string().min(1).optional() });

export const appRouter = router({
  /** Live views poll this: a version token of what the page shows and whether any of it is still running. */
  changes: procedure.input(ChangeScopeSchema).query(({ ctx, input }) => changesSince(ctx.store, input)),
  overview: procedure.query(async ({ ctx }) => ({
    backend: ctx.store.backend,
    location: ctx.store.location,
    counts: await storeCounts(ctx.store),
    collapsed: await collapsedCount(ctx.store),
  })),
  runs: router({
    list: procedure
      .input(RunFilterSchema.extend({ limit: z.number().int().min(1).max(500).default(50) }))
      .query(({ ctx, input }) => runList(ctx.store, input)),
    facets: procedure.query(({ ctx }) => runFacets(ctx.store)),
    get: procedure
      .input(z.object({ id: z.number().int().positive() }))
      .query(({ ctx, input }) => runPage(ctx.store, input.id)),
    metrics: procedure
      .input(z.object({ id: z.number().int().positive() }))
      .query(({ ctx, input }) => runMetrics(ctx.store, input.id)),
  }),
  sweeps: router({
    list: procedure.query(({ ctx }) => listSweeps(ctx.store)),
    study: procedure
      .input(
        z.object({
          sweepId: z.number().int().positive(),
          group: GroupKeySchema.optional(),
          earlyEpoch: z.number().int().min(1).optional(),
          referenceSeed: z.number().int().min(0).optional(),
        }),
      )
      .query(({ ctx, input }) => seedStudy(ctx.store, input)),
  }),
  compare: router({
    generalization: procedure.input(ScopeSchema).query(({ ctx, input }) => generalization(ctx.store, input)),
    matrix: procedure
      .input(
        ScopeSchema.extend({ correction: z.enum(["holm", "bh"], { error: "correction is holm or bh" }).optional() }),
      )
      .query(({ ctx, input }) => archRecipeMatrix(ctx.store, input)),
    groups: procedure.input(ComparisonInputSchema).query(({ ctx, input }) => compareTwoGroups(ctx.store, input)),
    groupsCsv: procedure
      .input(ComparisonInputSchema)
      .query(async ({ ctx, input }) => comparisonCsv(await compareTwoGroups(ctx.store, input))),
    groupList: procedure
      .input(ScopeSchema)
      .query(async ({ ctx, input }) =>
        (await loadGroups(ctx.store, input)).map((g) => ({ key: g.key, label: g.label, seeds: g.runs.length })),
      ),
    architectures: procedure.input(ScopeSchema).query(({ ctx, input }) => architectureTable(ctx.store, input)),
  }),
  recipes: router({
    list: procedure
      .input(RecipeRunFilter.optional())
      .query(({ ctx, input }) => listStoredRecipes(ctx.store, input ?? {})),
    diff: procedure
      .input(
        RecipeRunFilter.extend({
          refs: z.array(z.string().min(1)).min(2, "pick at least two recipes to compare").max(8),
        }),
      )
      .query(({ ctx, input }) => recipeDiffTable(ctx.store, input.refs, input)),
    path: procedure
      .input(RecipeRunFilter.extend({ hash: z.string().regex(/^[0-9a-f]{64}$/, "hash must be a full recipe hash") }))
      .query(({ ctx, input }) => ablationPath(ctx.store, input.hash, input)),
  }),
});

export type AppRouter = typeof appRouter;
