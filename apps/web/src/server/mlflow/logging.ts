import { z } from "zod";
import { METRIC_KEY_PATTERN, type MetricPoint } from "@seedscope/core";
import { deleteExternalTag, logExternalMetrics, logExternalParams, setExternalTags } from "@seedscope/db";
import type { MlflowContext } from "./context";
import { invalid } from "./errors";
import { validate } from "./parse";
import { runIdOf } from "./resolve";
import type { Route } from "./route";
import {
  BATCH_LIMITS,
  FIELD_LIMITS,
  MetricSchema,
  nonEmpty,
  ParamSchema,
  RUN_REQUIRED,
  requireRun,
  runRef,
  TagSchema,
  text,
} from "./schemas";

const LogMetric = z.object({ ...runRef, ...MetricSchema.shape }).refine(requireRun, RUN_REQUIRED);
const LogParam = z
  .object({ ...runRef, key: nonEmpty(FIELD_LIMITS.key), value: text(FIELD_LIMITS.paramValue) })
  .refine(requireRun, RUN_REQUIRED);
const SetTag = z
  .object({ ...runRef, key: nonEmpty(FIELD_LIMITS.key), value: text(FIELD_LIMITS.tagValue) })
  .refine(requireRun, RUN_REQUIRED);
const DeleteTag = z.object({ ...runRef, key: nonEmpty(FIELD_LIMITS.key) }).refine(requireRun, RUN_REQUIRED);
const LogBatch = z
  .object({
    ...runRef,
    metrics: z.array(MetricSchema, { error: "must be a list" }).default([]),
    params: z.array(ParamSchema, { error: "must be a list" }).default([]),
    tags: z.array(TagSchema, { error: "must be a list" }).default([]),
  })
  .refine(requireRun, RUN_REQUIRED);

type Metric = z.output<typeof MetricSchema>;

/** Metric points under seedscope's keys; a name that maps to no storable key is a 400 naming it. */
function pointsOf(ctx: MlflowContext, metrics: readonly Metric[], field: (i: number) => string): MetricPoint[] {
  return metrics.map((m, i) => {
    const key = ctx.metricKey(m.key);
    if (key.length > 200 || !METRIC_KEY_PATTERN.test(key))
      throw invalid(
        `Invalid value for parameter '${field(i)}': "${m.key}" maps to "${key}", which is not a seedscope metric key (lower-case names separated by single slashes, at most 200 characters); add a --metric-alias.`,
      );
    return { key, step: m.step, value: m.value };
  });
}

/** log-batch's limits, checked on the raw lists before anything in them is parsed. */
function checkBatchSize(raw: Record<string, unknown>): void {
  const count = (name: "metrics" | "params" | "tags") =>
    Array.isArray(raw[name]) ? (raw[name] as unknown[]).length : 0;
  for (const name of ["metrics", "params", "tags"] as const) {
    if (count(name) > BATCH_LIMITS[name])
      throw invalid(
        `A batch logged ${count(name)} ${name}, which exceeds the limit of ${BATCH_LIMITS[name]}; split it into several log-batch calls.`,
      );
  }
  const total = count("metrics") + count("params") + count("tags");
  if (total > BATCH_LIMITS.total)
    throw invalid(
      `A batch logged ${total} metrics, params and tags together, which exceeds the limit of ${BATCH_LIMITS.total}; split it.`,
    );
}

function paramRecord(params: readonly { key: string; value: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  params.forEach((p, i) => {
    if (Object.hasOwn(out, p.key) && out[p.key] !== p.value)
      throw invalid(
        `Invalid value for parameter 'params[${i}]': param "${p.key}" is given twice with different values in one batch.`,
      );
    out[p.key] = p.value;
  });
  return out;
}

export const loggingRoutes: readonly Route[] = [
  {
    method: "POST",
    path: "runs/log-metric",
    read: false,
    async handle(ctx, raw) {
      const input = validate(LogMetric, raw);
      const runId = runIdOf(input);
      await logExternalMetrics(
        ctx.store,
        runId,
        pointsOf(ctx, [input], () => "key"),
      );
      return {};
    },
  },
  {
    method: "POST",
    path: "runs/log-parameter",
    read: false,
    async handle(ctx, raw) {
      const input = validate(LogParam, raw);
      await logExternalParams(ctx.store, runIdOf(input), { [input.key]: input.value }, ctx.fields);
      return {};
    },
  },
  {
    method: "POST",
    path: "runs/set-tag",
    read: false,
    async handle(ctx, raw) {
      const input = validate(SetTag, raw);
      await setExternalTags(ctx.store, runIdOf(input), { [input.key]: input.value });
      return {};
    },
  },
  {
    method: "POST",
    path: "runs/delete-tag",
    read: false,
    async handle(ctx, raw) {
      const input = validate(DeleteTag, raw);
      await deleteExternalTag(ctx.store, runIdOf(input), input.key);
      return {};
    },
  },
  {
    method: "POST",
    path: "runs/log-batch",
    read: false,
    async handle(ctx, raw) {
      checkBatchSize(raw);
      const input = validate(LogBatch, raw);
      const runId = runIdOf(input);
      const points = pointsOf(ctx, input.metrics, (i) => `metrics[${i}].key`);
      const params = paramRecord(input.params);
      // Params first: a changed param refuses the batch before any metric is written.
      if (input.params.length > 0) await logExternalParams(ctx.store, runId, params, ctx.fields);
      if (points.length > 0 || (input.params.length === 0 && input.tags.length === 0))
        await logExternalMetrics(ctx.store, runId, points);
      if (input.tags.length > 0)
        await setExternalTags(ctx.store, runId, Object.fromEntries(input.tags.map((t) => [t.key, t.value])));
      return {};
    },
  },
];
