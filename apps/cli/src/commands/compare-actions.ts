import { z } from "zod";
import { parseInput, UserError } from "@seedscope/core";
import {
  compareTwoGroups,
  comparisonCsv,
  groupDatasets,
  resolveRecipe,
  type Comparison,
  type GroupRef,
  type Store,
} from "@seedscope/db";
import { table } from "../format";
import { withStore } from "../with-store";

const SPLITS = ["val", "v2"] as const;

const CompareOptionsSchema = z.object({
  split: z
    .string()
    .default("val,v2")
    .transform((s) => s.split(",").map((x) => x.trim()))
    .pipe(z.array(z.enum(SPLITS, { error: "--split takes val, v2 or val,v2" })).min(1)),
  sweep: z.coerce.number({ error: "--sweep must be a sweep id (e.g. --sweep 3)" }).int().positive().optional(),
  seed: z.coerce.number({ error: "--seed must be a whole number (e.g. --seed 0)" }).int().min(0).default(0),
  resamples: z.coerce
    .number({ error: "--resamples must be a number (e.g. --resamples 10000)" })
    .int()
    .min(100, "--resamples is at least 100")
    .max(100_000, "--resamples is at most 100000")
    .default(10_000),
  delta: z.coerce
    .number({ error: "--delta must be a number of points (e.g. --delta 0.2)" })
    .positive("--delta must be positive")
    .optional(),
  json: z.boolean().optional(),
  csv: z.boolean().optional(),
});

/**
 * A group on the command line: RECIPE:ARCH[:DATASET], where RECIPE is anything `recipes show` accepts
 * (a built-in name, a stored name, a hash prefix, run:<id>). Without DATASET the one dataset on which
 * that recipe and architecture have finished runs is used.
 */
async function resolveGroup(store: Store, spec: string, sweepId: number | undefined, which: string): Promise<GroupRef> {
  const parts = spec.split(":");
  if (parts[0] === "run" && parts.length >= 2) parts.splice(0, 2, `run:${parts[1]}`);
  const [recipeRef, arch, dataset, ...rest] = parts;
  if (!recipeRef || !arch || rest.length > 0) {
    throw new UserError(
      `${which} "${spec}" must read RECIPE:ARCH or RECIPE:ARCH:DATASET, e.g. a2:resnet8 or deit3:vit-tiny:digits`,
    );
  }
  const { hash } = await resolveRecipe(store, recipeRef);
  if (dataset) return { recipeHash: hash, arch, dataset, ...(sweepId === undefined ? {} : { sweepId }) };
  const datasets = await groupDatasets(store, hash, arch, sweepId);
  if (datasets.length === 0)
    throw new UserError(
      `${which} "${spec}" has no finished run${sweepId === undefined ? "" : ` in sweep ${sweepId}`}: \`seedscope runs list --recipe ${recipeRef} --arch ${arch}\` shows its runs`,
    );
  if (datasets.length > 1)
    throw new UserError(
      `${which} "${spec}" has runs on ${datasets.map((d) => d.dataset).join(", ")}: add the dataset, e.g. ${spec}:${datasets[0]!.dataset}`,
    );
  return { recipeHash: hash, arch, dataset: datasets[0]!.dataset, ...(sweepId === undefined ? {} : { sweepId }) };
}

const num = (v: number, digits = 2) =>
  Number.isFinite(v) ? v.toFixed(digits) : Number.isNaN(v) ? "–" : v > 0 ? "∞" : "−∞";
const pText = (p: number) => (!Number.isFinite(p) ? "–" : p < 0.001 ? p.toExponential(1) : p.toFixed(3));

/** The comparison as a terminal report: one table per split, the verdict, the methods sentence. */
export function formatComparison(c: Comparison, splits: readonly string[]): string {
  const out = [
    `A = ${c.a.label}  (${c.a.seeds.length} seeds${c.a.collapsed ? `, ${c.a.collapsed} collapsed` : ""})`,
    `B = ${c.b.label}  (${c.b.seeds.length} seeds${c.b.collapsed ? `, ${c.b.collapsed} collapsed` : ""})`,
    "",
  ];
  for (const s of c.splits.filter((x) => splits.includes(x.split))) {
    const x = s.comparison;
    const w = x.welch;
    const poi = x.probability;
    out.push(
      `${s.split} top-1 (%)`,
      table(
        ["", "n", "mean", "std", "IQM", "normality (Shapiro–Wilk p)", "outlier seeds"],
        (["a", "b"] as const).map((g) => {
          const d = x[g];
          const seeds = (g === "a" ? c.a : c.b).seeds;
          const normal = Number.isFinite(d.normality.pValue)
            ? `${pText(d.normality.pValue)}${d.normality.pValue < 0.05 ? " (not normal)" : ""}`
            : (d.normality.reason ?? "–");
          return [
            g.toUpperCase(),
            d.summary.n,
            num(d.summary.mean),
            num(d.summary.std),
            num(d.iqm),
            normal,
            d.outliers.outliers.map((i) => seeds[i]?.seed ?? i).join(", ") || "none",
          ];
        }),
      ),
      table(
        [
          "A − B",
          `${Math.round((1 - x.alpha) * 100)} % CI`,
          "Welch t",
          "df",
          "p",
          "Hedges' g",
          "P(A > B)",
          "its 95 % CI",
          "seeds/arm for this Δ",
          "smallest Δ detectable now",
        ],
        [
          [
            num(w.meanDifference),
            `[${num(w.differenceInterval.lower)}, ${num(w.differenceInterval.upper)}]`,
            num(w.t, 3),
            num(w.df, 1),
            pText(w.pValue),
            num(x.effect.hedgesG),
            num(poi.estimate),
            `[${num(poi.interval.lower)}, ${num(poi.interval.upper)}]`,
            Number.isFinite(x.seedsForObserved.perArm)
              ? x.seedsForObserved.perArm
              : x.seedsForObserved.perArm === Infinity
                ? "> 100000"
                : "–",
            num(x.minimumDetectable),
          ],
        ],
      ),
      ...(x.seedsForTarget
        ? [
            `To detect Δ = ${x.seedsForTarget.delta} points: ${x.seedsForTarget.perArm} seeds per arm (power ${x.seedsForTarget.targetPower}, α ${x.alpha}).`,
          ]
        : []),
      "",
    );
  }
  out.push(c.verdict, "", `Methods: ${c.methods}`);
  return out.join("\n");
}

/** `seedscope compare <groupA> <groupB>`. */
export async function compareCommand(groupA: string, groupB: string, raw: Record<string, unknown>): Promise<void> {
  const o = parseInput(CompareOptionsSchema, raw, "options");
  await withStore(async (store) => {
    const a = await resolveGroup(store, groupA, o.sweep, "groupA");
    const b = await resolveGroup(store, groupB, o.sweep, "groupB");
    const c = await compareTwoGroups(store, {
      a,
      b,
      seed: o.seed,
      resamples: o.resamples,
      ...(o.delta === undefined ? {} : { targetDelta: o.delta }),
    });
    if (o.json)
      console.log(
        JSON.stringify(c, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v), 2),
      );
    else if (o.csv) process.stdout.write(comparisonCsv(c));
    else console.log(formatComparison(c, o.split));
  });
}
