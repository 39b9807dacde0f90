import { z } from "zod";
import {
  createExternalStudy,
  type ExternalStudy,
  externalStudyTags,
  getExternalStudy,
  listExternalStudies,
  renameExternalStudy,
  setExternalStudyTags,
} from "@seedscope/db";
import type { MlflowContext } from "./context";
import { MlflowError } from "./errors";
import { validate } from "./parse";
import { defaultStudy, SOURCE, studyFor } from "./resolve";
import type { Route } from "./route";
import {
  compare,
  type Clause,
  orderValues,
  pageOffset,
  pageToken,
  parseFilter,
  parseOrderBy,
  type OrderTerm,
} from "./search-filter";
import { FIELD_LIMITS, id, list, maxResults, nonEmpty, SEARCH_LIMITS, TagSchema, text, viewType } from "./schemas";
import { DEFAULT_EXPERIMENT_NAME, experimentJson, type MlflowExperiment } from "./views";

const CreateSchema = z.object({
  name: nonEmpty(FIELD_LIMITS.name),
  artifact_location: text(FIELD_LIMITS.filter).optional(),
  tags: list(TagSchema).optional(),
});
const ById = z.object({ experiment_id: id });
const ByName = z.object({ experiment_name: nonEmpty(FIELD_LIMITS.name) });
const UpdateSchema = z.object({ experiment_id: id, new_name: nonEmpty(FIELD_LIMITS.name) });
const TagRequest = z.object({ experiment_id: id, key: nonEmpty(FIELD_LIMITS.key), value: text(FIELD_LIMITS.tagValue) });
const SearchSchema = z.object({
  max_results: maxResults.optional(),
  page_token: text(FIELD_LIMITS.filter).optional(),
  filter: text(FIELD_LIMITS.filter).optional(),
  order_by: list(text(FIELD_LIMITS.key)).optional(),
  view_type: viewType.optional(),
});
const ListSchema = z.object({ view_type: viewType.optional() });

const tagRecord = (tags: readonly { key: string; value: string }[] | undefined) =>
  Object.fromEntries((tags ?? []).map((t) => [t.key, t.value]));

async function withTags(ctx: MlflowContext, studies: readonly ExternalStudy[]): Promise<MlflowExperiment[]> {
  const tags = await externalStudyTags(
    ctx.store,
    studies.map((s) => s.id),
  );
  return studies.map((s) => experimentJson(s, tags.get(s.id)));
}

const ATTRIBUTES = ["name", "creation_time", "last_update_time", "experiment_id"] as const;
type Attribute = (typeof ATTRIBUTES)[number];

function attributeOf(key: string, what: string): Attribute {
  const name = key.toLowerCase();
  if ((ATTRIBUTES as readonly string[]).includes(name)) return name as Attribute;
  throw new MlflowError(
    "INVALID_PARAMETER_VALUE",
    `${what}: experiments can be searched and ordered by ${ATTRIBUTES.join(", ")} and tags.<key>, not "${key}".`,
  );
}

function experimentValue(
  e: MlflowExperiment,
  entity: Clause["entity"],
  key: string,
  what: string,
): string | number | undefined {
  if (entity === "tag") return e.tags.find((t) => t.key === key)?.value;
  if (entity !== "attribute")
    throw new MlflowError(
      "INVALID_PARAMETER_VALUE",
      `${what}: experiments have no ${entity}s; use name or tags.<key>.`,
    );
  const attribute = attributeOf(key, what);
  return attribute === "experiment_id" ? e.experiment_id : e[attribute];
}

async function search(ctx: MlflowContext, input: z.output<typeof SearchSchema>) {
  const clauses = parseFilter(input.filter);
  const order: OrderTerm[] = (input.order_by ?? []).map((term) => parseOrderBy(term));
  for (const c of clauses) experimentValue(experimentJson(PROBE), c.entity, c.key, "filter");
  for (const o of order) experimentValue(experimentJson(PROBE), o.entity, o.key, "order_by");
  if (input.view_type === "DELETED_ONLY") return { experiments: [] };
  const all = await withTags(ctx, await listExternalStudies(ctx.store));
  const found = all.filter((e) =>
    clauses.every((c) => compare(experimentValue(e, c.entity, c.key, "filter"), c.op, c.value)),
  );
  // MLflow's default order: newest first (by id, which grows with creation).
  const terms = order.length > 0 ? order : [{ entity: "attribute" as const, key: "creation_time", ascending: false }];
  found.sort((a, b) => {
    for (const t of terms) {
      const o = orderValues(
        experimentValue(a, t.entity, t.key, "order_by"),
        experimentValue(b, t.entity, t.key, "order_by"),
        t.ascending,
      );
      if (o !== 0) return o;
    }
    return Number(b.experiment_id) - Number(a.experiment_id);
  });
  const offset = pageOffset(input.page_token);
  const size = input.max_results ?? SEARCH_LIMITS.defaultResults;
  const page = found.slice(offset, offset + size);
  return offset + size < found.length
    ? { experiments: page, next_page_token: pageToken(offset + size) }
    : { experiments: page };
}

const PROBE: ExternalStudy = { id: 1, name: "", source: SOURCE, createdAt: new Date(0), lastUpdate: new Date(0) };

const notImplemented = (what: string) => async (): Promise<never> => {
  throw new MlflowError(
    "NOT_IMPLEMENTED",
    `${what} is not supported by seedscope: a study keeps its runs for the seed statistics (delete runs one by one with runs/delete).`,
  );
};

export const experimentRoutes: readonly Route[] = [
  {
    method: "POST",
    path: "experiments/create",
    read: false,
    async handle(ctx, raw) {
      const input = validate(CreateSchema, raw);
      const study = await createExternalStudy(ctx.store, { name: input.name, source: SOURCE });
      if (input.tags && input.tags.length > 0) await setExternalStudyTags(ctx.store, study.id, tagRecord(input.tags));
      return { experiment_id: experimentJson(study).experiment_id };
    },
  },
  {
    method: "GET",
    path: "experiments/get",
    read: true,
    async handle(ctx, raw) {
      const study = await studyFor(ctx.store, validate(ById, raw).experiment_id);
      return { experiment: (await withTags(ctx, [study]))[0]! };
    },
  },
  {
    method: "GET",
    path: "experiments/get-by-name",
    read: true,
    async handle(ctx, raw) {
      const name = validate(ByName, raw).experiment_name;
      const study =
        name.trim() === DEFAULT_EXPERIMENT_NAME
          ? await defaultStudy(ctx.store)
          : await getExternalStudy(ctx.store, { name });
      return { experiment: (await withTags(ctx, [study]))[0]! };
    },
  },
  {
    method: "POST",
    path: "experiments/search",
    read: true,
    handle: (ctx, raw) => search(ctx, validate(SearchSchema, raw)),
  },
  {
    method: "GET",
    path: "experiments/search",
    read: true,
    handle: (ctx, raw) => search(ctx, validate(SearchSchema, raw)),
  },
  {
    method: "GET",
    path: "experiments/list",
    read: true,
    async handle(ctx, raw) {
      const { experiments } = await search(ctx, {
        view_type: validate(ListSchema, raw).view_type,
        max_results: SEARCH_LIMITS.maxResults,
      });
      return { experiments };
    },
  },
  {
    method: "POST",
    path: "experiments/update",
    read: false,
    async handle(ctx, raw) {
      const input = validate(UpdateSchema, raw);
      const study = await studyFor(ctx.store, input.experiment_id);
      await renameExternalStudy(ctx.store, study.id, input.new_name);
      return {};
    },
  },
  {
    method: "POST",
    path: "experiments/set-experiment-tag",
    read: false,
    async handle(ctx, raw) {
      const input = validate(TagRequest, raw);
      const study = await studyFor(ctx.store, input.experiment_id);
      await setExternalStudyTags(ctx.store, study.id, { [input.key]: input.value });
      return {};
    },
  },
  { method: "POST", path: "experiments/delete", read: false, handle: notImplemented("Deleting an experiment") },
  { method: "POST", path: "experiments/restore", read: false, handle: notImplemented("Restoring an experiment") },
];
