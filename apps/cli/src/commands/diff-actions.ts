import { z } from "zod";
import { parseInput, UserError } from "@seedscope/core";
import { type FieldDifference, resolveRecipe, runDiff, type Store, sweepDiff } from "@seedscope/db";
import { diffRecipes } from "@seedscope/recipes";
import { table } from "../format";
import { withStore } from "../with-store";

const shown = (v: unknown) => (v === undefined ? "(absent)" : JSON.stringify(v));

function fieldTable(title: string, diffs: readonly FieldDifference[], a: string, b: string): string {
  if (diffs.length === 0) return `${title}: identical`;
  return `${title}:\n${table(
    ["field", a, b],
    diffs.map((d) => [d.field, shown(d.a), shown(d.b)]),
  )}`;
}

type Ref = { kind: "run" | "sweep"; id: number } | { kind: "recipe"; ref: string };

const Id = z.coerce.number().int().positive().max(2_147_483_647);

function parseRef(text: string, which: string): Ref {
  const m = /^(run|sweep):(.+)$/.exec(text) ?? (/^\d+$/.test(text) ? ["", "run", text] : null);
  if (!m) return { kind: "recipe", ref: text };
  const id = parseInput(Id, m[2], `${which} (${m[1]} id)`);
  return { kind: m[1] as "run" | "sweep", id };
}

async function describeDiff(store: Store, a: Ref, b: Ref): Promise<string> {
  if (a.kind === "run" && b.kind === "run") {
    const d = await runDiff(store, a.id, b.id);
    const A = `run ${a.id}`;
    const B = `run ${b.id}`;
    const m = d.metrics;
    const metricLines =
      m.differing === 0 && m.onlyInA === 0
        ? `metrics: identical (${m.compared} points compared, clock keys aside)`
        : [
            `metrics: ${m.differing} of ${m.compared} points of ${B} differ from ${A}; ${m.onlyInA} only in ${A}`,
            m.firstDivergence
              ? `  first at ${m.firstDivergence.key} step ${m.firstDivergence.step}: ${m.firstDivergence.original ?? "absent"} vs ${m.firstDivergence.rerun}`
              : "",
            ...Object.entries(m.maxAbsDelta).map(
              ([k, v]) => `  max |Δ| ${k}: ${v === null ? "missing or not a number on one side" : v}`,
            ),
          ]
            .filter(Boolean)
            .join("\n");
    return [
      fieldTable("run", d.run, A, B),
      fieldTable("recipe", d.recipe, A, B),
      fieldTable("fingerprint", d.fingerprint, A, B),
      metricLines,
    ].join("\n\n");
  }
  if (a.kind === "sweep" && b.kind === "sweep")
    return fieldTable("plan", await sweepDiff(store, a.id, b.id), `sweep ${a.id}`, `sweep ${b.id}`);
  if (a.kind === "recipe" && b.kind === "recipe") {
    const [ra, rb] = await Promise.all([resolveRecipe(store, a.ref), resolveRecipe(store, b.ref)]);
    const diffs = diffRecipes(ra.recipe, rb.recipe).map((d) => ({ field: d.path, a: d.a, b: d.b }));
    return fieldTable("recipe", diffs, ra.label, rb.label);
  }
  throw new UserError("diff compares two things of one kind");
}

/** `seedscope diff <a> <b>`. */
export async function diffCommand(aText: string, bText: string): Promise<void> {
  const a = parseRef(aText, "<a>");
  const b = parseRef(bText, "<b>");
  if (a.kind !== b.kind) {
    throw new UserError(
      `diff compares two things of one kind: got a ${a.kind} and a ${b.kind} (write run:42, sweep:3 or a recipe name on both sides)`,
    );
  }
  await withStore(async (store) => console.log(await describeDiff(store, a, b)));
}
