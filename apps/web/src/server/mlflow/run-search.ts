import { z } from "zod";
import { type ExternalRunView, findExternalStudy, listExternalRuns } from "@seedscope/db";
import type { MlflowContext } from "./context";
import { invalid } from "./errors";
import { validate } from "./parse";
import { experimentIdResolver } from "./resolve";
import {
  type Clause,
  compare,
  type Entity,
  type Op,
  orderValues,
  type OrderTerm,
  pageOffset,
  pageToken,
  parseFilter,
  parseOrderBy,
} from "./search-filter";
import { FIELD_LIMITS, id, list, maxResults, SEARCH_LIMITS, text, viewType } from "./schemas";
import { DEFAULT_EXPERIMENT_ID, DEFAULT_EXPERIMENT_NAME, paramText, runJson, toMlflowStatus } from "./views";

const SearchSchema = z.object({
  experiment_ids: list(id).optional(),
  filter: text(FIELD_LIMITS.filter).optional(),
  run_view_type: viewType.optional(),
  max_results: maxResults.optional(),
  order_by: list(text(FIELD_LIMITS.filter)).optional(),
  page_token: text(FIELD_LIMITS.filter).optional(),
});

const STRING_ATTRIBUTES = ["status", "run_name", "run_id", "user_id"] as const;
const NUMBER_ATTRIBUTES = ["start_time", "end_time"] as const;
const STRING_OPS: readonly Op[] = ["=", "!=", "LIKE", "ILIKE"];

/** A column of a run as a filter or an order sees it: a function from a run to its value there. */
type Column = (run: ExternalRunView) => string | number | undefined;

function column(ctx: MlflowContext, entity: Entity, key: string, what: string): { read: Column; numeric: boolean } {
  switch (entity) {
    case "metric": {
      const metric = ctx.metricKey(key);
      return { read: (r) => r.latestMetrics.find((m) => m.key === metric)?.value, numeric: true };
    }
    case "param":
      return { read: (r) => (Object.hasOwn(r.params, key) ? paramText(r.params[key]) : undefined), numeric: false };
    case "tag":
      return { read: (r) => r.tags[key], numeric: false };
    case "attribute": {
      const name = key.toLowerCase();
      if (name === "status") return { read: (r) => toMlflowStatus(r.status), numeric: false };
      if (name === "run_name") return { read: (r) => r.name ?? "", numeric: false };
      if (name === "run_id") return { read: (r) => String(r.id), numeric: false };
      if (name === "user_id") return { read: (r) => r.tags["mlflow.user"] ?? "", numeric: false };
      if (name === "start_time") return { read: (r) => time(r.startedAt), numeric: true };
      if (name === "end_time") return { read: (r) => time(r.finishedAt), numeric: true };
      throw invalid(
        `${what}: runs have the attributes ${[...STRING_ATTRIBUTES, ...NUMBER_ATTRIBUTES].join(", ")}, not "${key}".`,
      );
    }
  }
}

const time = (date: Date | null) => (date === null ? undefined : new Date(date).getTime());

type Test = (run: ExternalRunView) => boolean;

function clauseTest(ctx: MlflowContext, clause: Clause): Test {
  const { read, numeric } = column(ctx, clause.entity, clause.key, "filter");
  const name = `${clause.entity === "attribute" ? "attributes" : `${clause.entity}s`}.${clause.key}`;
  if (numeric && typeof clause.value !== "number")
    throw invalid(`filter: ${name} is compared with a number, not "${clause.value}".`);
  if (!numeric && typeof clause.value !== "string")
    throw invalid(`filter: ${name} is compared with a quoted string, not ${clause.value}.`);
  if (!numeric && !STRING_OPS.includes(clause.op))
    throw invalid(`filter: ${name} takes ${STRING_OPS.join(", ")}, not ${clause.op}.`);
  if (numeric && (clause.op === "LIKE" || clause.op === "ILIKE"))
    throw invalid(`filter: ${name} is a number: compare it with =, !=, >, >=, < or <=.`);
  return (run) => compare(read(run), clause.op, clause.value);
}

function comparator(ctx: MlflowContext, terms: readonly OrderTerm[]) {
  const columns = terms.map((t) => ({ read: column(ctx, t.entity, t.key, "order_by").read, ascending: t.ascending }));
  return (a: ExternalRunView, b: ExternalRunView): number => {
    for (const c of columns) {
      const o = orderValues(c.read(a), c.read(b), c.ascending);
      if (o !== 0) return o;
    }
    // MLflow's default: newest start first, then by id.
    return orderValues(time(a.startedAt), time(b.startedAt), false) || b.id - a.id;
  };
}

/** The study ids the request's experiment ids name ("0": the Default study, when it exists). */
async function studyIds(ctx: MlflowContext, experimentIds: readonly string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const experimentId of experimentIds) {
    if (experimentId === DEFAULT_EXPERIMENT_ID) {
      const study = await findExternalStudy(ctx.store, { name: DEFAULT_EXPERIMENT_NAME });
      if (study) ids.push(study.id);
    } else if (/^\d{1,10}$/.test(experimentId)) ids.push(Number(experimentId));
  }
  return ids;
}

/** runs/search: the runs of some experiments that pass the filter, ordered and paged. */
export async function searchRuns(ctx: MlflowContext, raw: Record<string, unknown>): Promise<object> {
  const input = validate(SearchSchema, raw);
  const tests = parseFilter(input.filter).map((c) => clauseTest(ctx, c));
  const order = comparator(
    ctx,
    (input.order_by ?? []).map((term) => parseOrderBy(term)),
  );
  const offset = pageOffset(input.page_token);
  const size = input.max_results ?? SEARCH_LIMITS.defaultResults;
  if (input.run_view_type === "DELETED_ONLY") return { runs: [] };
  await ctx.refreshStale();
  const runs = await listExternalRuns(
    ctx.store,
    { studyIds: await studyIds(ctx, input.experiment_ids ?? []) },
    ctx.fields,
  );
  const found = runs.filter((run) => tests.every((test) => test(run))).sort(order);
  const experimentIdOf = await experimentIdResolver(ctx.store);
  const page = found.slice(offset, offset + size).map((run) => runJson(run, experimentIdOf));
  return offset + size < found.length ? { runs: page, next_page_token: pageToken(offset + size) } : { runs: page };
}
