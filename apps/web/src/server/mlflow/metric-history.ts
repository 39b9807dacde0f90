import { z } from "zod";
import { externalMetricHistory, getExternalRun } from "@seedscope/db";
import { validate } from "./parse";
import { runIdOf } from "./resolve";
import type { Route } from "./route";
import { pageOffset, pageToken } from "./search-filter";
import { FIELD_LIMITS, int64, nonEmpty, RUN_REQUIRED, requireRun, runRef, text } from "./schemas";
import { doubleJson } from "./views";

const HISTORY_PAGE = 25_000;

const HistorySchema = z
  .object({
    ...runRef,
    metric_key: nonEmpty(FIELD_LIMITS.key),
    page_token: text(FIELD_LIMITS.filter).optional(),
    max_results: int64.refine((n) => n >= 1, "must be at least 1").optional(),
  })
  .refine(requireRun, RUN_REQUIRED);

export const metricRoutes: readonly Route[] = [
  {
    method: "GET",
    path: "metrics/get-history",
    read: true,
    /** Every step of one metric; the name is mapped like a logged one, and answered as it was asked. */
    async handle(ctx, raw) {
      const input = validate(HistorySchema, raw);
      const runId = runIdOf(input);
      const run = await getExternalRun(ctx.store, runId, ctx.fields);
      const history = await externalMetricHistory(ctx.store, runId, ctx.metricKey(input.metric_key));
      const timestamp = new Date(run.heartbeatAt ?? run.startedAt ?? 0).getTime();
      const offset = pageOffset(input.page_token);
      const size = Math.min(input.max_results ?? HISTORY_PAGE, HISTORY_PAGE);
      const metrics = history
        .slice(offset, offset + size)
        .map((p) => ({ key: input.metric_key, value: doubleJson(p.value), timestamp, step: p.step }));
      return offset + size < history.length ? { metrics, next_page_token: pageToken(offset + size) } : { metrics };
    },
  },
];
