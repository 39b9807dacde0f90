import { z } from "zod";

/*
 * The request fields of MLflow's REST API (https://mlflow.org/docs/latest/rest-api.html), as zod schemas.
 * Every string refuses a NUL character (PostgreSQL's text cannot hold one); int64 fields take a number or
 * the digit string protobuf's JSON form writes; a double takes a number or "NaN" / "Infinity" / "-Infinity".
 */

/** MLflow's documented limits (2.x): keys up to 250 characters, param values 6,000, tag values 8,000. */
export const FIELD_LIMITS = { key: 250, paramValue: 6_000, tagValue: 8_000, name: 500, id: 64, filter: 4_000 } as const;

/** log-batch's limits, as MLflow's server enforces them. */
export const BATCH_LIMITS = { metrics: 1_000, params: 100, tags: 100, total: 1_000 } as const;

/** search's page sizes: MLflow's default and its ceiling. */
export const SEARCH_LIMITS = { defaultResults: 1_000, maxResults: 50_000 } as const;

const MAX_STEP = 2_147_483_647;

export const text = (max: number) =>
  z
    .string({ error: "must be a string" })
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !s.includes("\u0000"), "must not contain a NUL character");

export const nonEmpty = (max: number) => text(max).refine((s) => s.trim() !== "", "must not be empty");

/** An int64 field: a whole number, or its digits as a string. */
export const int64 = z
  .union([z.number({ error: "must be a whole number" }), z.string({ error: "must be a whole number" })])
  .transform((v, ctx) => {
    const n = typeof v === "number" ? v : /^\s*-?\d{1,16}\s*$/.test(v) ? Number(v) : Number.NaN;
    if (!Number.isSafeInteger(n)) {
      ctx.addIssue({ code: "custom", message: "must be a whole number" });
      return z.NEVER;
    }
    return n;
  });

/** A timestamp in milliseconds since the epoch (what MLflow sends), as a Date. */
export const millis = int64.transform((n, ctx) => {
  const date = new Date(n);
  if (n < 0 || Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: "custom", message: "must be milliseconds since 1970 (a whole number ≥ 0)" });
    return z.NEVER;
  }
  return date;
});

/** A metric's step: seedscope stores it as the epoch, a whole number from 0 to 2³¹ − 1. */
export const step = int64.refine(
  (n) => n >= 0 && n <= MAX_STEP,
  `must be between 0 and ${MAX_STEP} (seedscope stores a step as the epoch)`,
);

const NON_FINITE: Readonly<Record<string, number>> = {
  nan: Number.NaN,
  infinity: Number.POSITIVE_INFINITY,
  inf: Number.POSITIVE_INFINITY,
  "-infinity": Number.NEGATIVE_INFINITY,
  "-inf": Number.NEGATIVE_INFINITY,
};

/** A double: a JSON number, or "NaN" / "Infinity" / "-Infinity" as protobuf's JSON form writes them. */
export const double = z
  .union([z.number({ error: "must be a number" }), z.string({ error: "must be a number" })])
  .transform((v, ctx) => {
    if (typeof v === "number") return v;
    const special = NON_FINITE[v.trim().toLowerCase()];
    if (special !== undefined) return special;
    const n = /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(v) ? Number(v) : Number.NaN;
    if (Number.isNaN(n)) {
      ctx.addIssue({ code: "custom", message: "must be a number" });
      return z.NEVER;
    }
    return n;
  });

/** An experiment or run id: seedscope's ids are digit strings, "0" is MLflow's Default experiment. */
export const id = nonEmpty(FIELD_LIMITS.id);

const keyValue = (valueMax: number) =>
  z.object({ key: nonEmpty(FIELD_LIMITS.key), value: text(valueMax).default("") }, { error: "must be an object" });
export const TagSchema = keyValue(FIELD_LIMITS.tagValue);
export const ParamSchema = keyValue(FIELD_LIMITS.paramValue);

export const MetricSchema = z.object(
  {
    key: nonEmpty(FIELD_LIMITS.key),
    value: double,
    timestamp: millis.optional(),
    step: step.default(0),
  },
  { error: "must be an object" },
);

/** A list field; a GET sends one value as a plain string, so one value is taken as a list of one. */
export const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === "string" ? [v] : v), z.array(item, { error: "must be a list" }));

export const VIEW_TYPES = ["ACTIVE_ONLY", "DELETED_ONLY", "ALL"] as const;
export const viewType = z.enum(VIEW_TYPES, { error: `must be one of ${VIEW_TYPES.join(", ")}` });

export const maxResults = int64.refine(
  (n) => n >= 1 && n <= SEARCH_LIMITS.maxResults,
  `must be between 1 and ${SEARCH_LIMITS.maxResults}`,
);

/** A run is named by `run_id` or by the older `run_uuid`; one of them is required. */
export const runRef = {
  run_id: id.optional(),
  run_uuid: id.optional(),
};
export const requireRun = (v: { run_id?: string; run_uuid?: string }) =>
  v.run_id !== undefined || v.run_uuid !== undefined;
export const RUN_REQUIRED = { message: "run_id is required (or run_uuid, its older name)", path: ["run_id"] };
