import { randomUUID } from "node:crypto";
import { z } from "zod";
import { createExternalRun, deleteExternalRun, getExternalRun, updateExternalRun } from "@seedscope/db";
import type { MlflowContext } from "./context";
import { validate } from "./parse";
import { experimentIdResolver, runIdOf, SOURCE, studyFor } from "./resolve";
import type { Route } from "./route";
import { searchRuns } from "./run-search";
import { FIELD_LIMITS, id, list, millis, RUN_REQUIRED, requireRun, runRef, TagSchema, text } from "./schemas";
import { DEFAULT_EXPERIMENT_ID, fromMlflowStatus, MLFLOW_STATUSES, runInfoJson, runJson } from "./views";

const CreateSchema = z.object({
  experiment_id: id.default(DEFAULT_EXPERIMENT_ID),
  user_id: text(FIELD_LIMITS.key).optional(),
  run_name: text(FIELD_LIMITS.name).optional(),
  start_time: millis.optional(),
  tags: list(TagSchema).optional(),
});
const status = z.enum(MLFLOW_STATUSES, { error: `must be one of ${MLFLOW_STATUSES.join(", ")}` });
const UpdateSchema = z
  .object({
    ...runRef,
    status: status.optional(),
    end_time: millis.optional(),
    run_name: text(FIELD_LIMITS.name).optional(),
  })
  .refine(requireRun, RUN_REQUIRED);
const RunSchema = z.object(runRef).refine(requireRun, RUN_REQUIRED);

async function runAnswer(ctx: MlflowContext, runId: number) {
  const run = await getExternalRun(ctx.store, runId, ctx.fields);
  return { run, experimentIdOf: await experimentIdResolver(ctx.store) };
}

export const runRoutes: readonly Route[] = [
  {
    method: "POST",
    path: "runs/create",
    read: false,
    async handle(ctx, raw) {
      const input = validate(CreateSchema, raw);
      const study = await studyFor(ctx.store, input.experiment_id);
      const tags: Record<string, string> = Object.fromEntries((input.tags ?? []).map((t) => [t.key, t.value]));
      if (input.user_id !== undefined && tags["mlflow.user"] === undefined) tags["mlflow.user"] = input.user_id;
      if (input.run_name !== undefined && input.run_name !== "") tags["mlflow.runName"] = input.run_name;
      const { id: runId } = await createExternalRun(ctx.store, {
        studyId: study.id,
        source: SOURCE,
        externalKey: randomUUID(),
        name: input.run_name || null,
        startTime: input.start_time,
        tags,
        fields: ctx.fields,
      });
      const { run, experimentIdOf } = await runAnswer(ctx, runId);
      return { run: runJson(run, experimentIdOf) };
    },
  },
  {
    method: "POST",
    path: "runs/update",
    read: false,
    async handle(ctx, raw) {
      const input = validate(UpdateSchema, raw);
      const runId = runIdOf(input);
      await updateExternalRun(ctx.store, runId, {
        status: input.status === undefined ? undefined : fromMlflowStatus(input.status),
        endTime: input.end_time,
        name: input.run_name,
      });
      const { run, experimentIdOf } = await runAnswer(ctx, runId);
      return { run_info: runInfoJson(run, experimentIdOf) };
    },
  },
  {
    method: "GET",
    path: "runs/get",
    read: true,
    async handle(ctx, raw) {
      const runId = runIdOf(validate(RunSchema, raw));
      await ctx.refreshStale();
      const { run, experimentIdOf } = await runAnswer(ctx, runId);
      return { run: runJson(run, experimentIdOf) };
    },
  },
  {
    method: "POST",
    path: "runs/delete",
    read: false,
    async handle(ctx, raw) {
      await deleteExternalRun(ctx.store, runIdOf(validate(RunSchema, raw)));
      return {};
    },
  },
  {
    method: "POST",
    path: "runs/restore",
    read: false,
    async handle(ctx, raw) {
      // seedscope deletes a run outright: a run still there needs no restoring, a deleted one is gone.
      await getExternalRun(ctx.store, runIdOf(validate(RunSchema, raw)), ctx.fields);
      return {};
    },
  },
  { method: "POST", path: "runs/search", read: true, handle: searchRuns },
  { method: "GET", path: "runs/search", read: true, handle: searchRuns },
];
