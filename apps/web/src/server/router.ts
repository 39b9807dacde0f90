import {
  ablationPath,
  archRecipeMatrix,
  architectureTable,
  changesSince,
  collapsedCount,
  compareTwoGroups,
  comparisonCsv,
  generalization,
  listStoredRecipes,
  listSweeps,
  finishedGroupList,
  recipeDiffTable,
  runFacets,
  runList,
  runMetrics,
  runCompare,
  runPage,
  seedStudy,
  sourceCounts,
  storeCounts,
  verificationCounts,
} from "@seedscope/db";
import {
  AblationPathInput,
  ChangesInput,
  ComparisonInput,
  MatrixInput,
  RecipeDiffInput,
  RecipeRunFilterInput,
  RunIdInput,
  RunListInput,
  RunPairInput,
  ScopeInput,
  SeedStudyInput,
  VerificationCountsInput,
} from "./inputs";
import { procedure, router } from "./trpc";

export const appRouter = router({
  /** Live views poll this: a version token of what the page shows and whether any of it is still running. */
  changes: procedure.input(ChangesInput).query(({ ctx, input }) => changesSince(ctx.store, input)),
  overview: procedure.query(async ({ ctx }) => ({
    backend: ctx.store.backend,
    location: ctx.store.location,
    counts: await storeCounts(ctx.store),
    collapsed: await collapsedCount(ctx.store),
    verification: await verificationCounts(ctx.store),
    ...(await sourceCounts(ctx.store)),
  })),
  runs: router({
    list: procedure.input(RunListInput).query(({ ctx, input }) => runList(ctx.store, input)),
    facets: procedure.query(({ ctx }) => runFacets(ctx.store)),
    get: procedure.input(RunIdInput).query(({ ctx, input }) => runPage(ctx.store, input.id)),
    metrics: procedure.input(RunIdInput).query(({ ctx, input }) => runMetrics(ctx.store, input.id)),
    /** The compare-runs view: what differs between two runs, and their curves side by side. */
    compare: procedure.input(RunPairInput).query(({ ctx, input }) => runCompare(ctx.store, input.a, input.b)),
  }),
  sweeps: router({
    list: procedure.query(({ ctx }) => listSweeps(ctx.store)),
    study: procedure.input(SeedStudyInput).query(({ ctx, input }) => seedStudy(ctx.store, input)),
    /** How many of a sweep's runs (or the store's, without a sweep) reproduced bit-identically or differ. */
    verification: procedure
      .input(VerificationCountsInput)
      .query(({ ctx, input }) => verificationCounts(ctx.store, input.sweepId)),
  }),
  compare: router({
    generalization: procedure.input(ScopeInput).query(({ ctx, input }) => generalization(ctx.store, input)),
    matrix: procedure.input(MatrixInput).query(({ ctx, input }) => archRecipeMatrix(ctx.store, input)),
    groups: procedure.input(ComparisonInput).query(({ ctx, input }) => compareTwoGroups(ctx.store, input)),
    groupsCsv: procedure
      .input(ComparisonInput)
      .query(async ({ ctx, input }) => comparisonCsv(await compareTwoGroups(ctx.store, input))),
    groupList: procedure.input(ScopeInput).query(({ ctx, input }) => finishedGroupList(ctx.store, input)),
    architectures: procedure.input(ScopeInput).query(({ ctx, input }) => architectureTable(ctx.store, input)),
  }),
  recipes: router({
    list: procedure
      .input(RecipeRunFilterInput.optional())
      .query(({ ctx, input }) => listStoredRecipes(ctx.store, input ?? {})),
    diff: procedure.input(RecipeDiffInput).query(({ ctx, input }) => recipeDiffTable(ctx.store, input.refs, input)),
    path: procedure.input(AblationPathInput).query(({ ctx, input }) => ablationPath(ctx.store, input.hash, input)),
  }),
});

export type AppRouter = typeof appRouter;
