"use client";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { compareHref } from "../compare/group-param";
import { FilterSelect } from "../../client/filter-select";
import { fieldValue, meanStd, pValue, signed } from "../../client/format";
import { useUrlState } from "../../client/search-params";
import { Empty, QueryState } from "../../client/state";
import { TableWrap, Truncated } from "../../client/truncated";
import { useTRPC } from "../../client/trpc";
import type { PairComparison, SplitSummaries } from "@seedscope/db";

function StatsCells({ stats, collapsed }: { stats: SplitSummaries; collapsed: number }) {
  return (
    <>
      <td className="num split-val" data-stat="val">
        {meanStd(stats.val.mean, stats.val.std)}
      </td>
      <td className="num split-v2" data-stat="v2">
        {meanStd(stats.v2.mean, stats.v2.std)}
      </td>
      <td className="num" data-stat="n">
        {stats.val.n}
      </td>
      <td className="num" data-stat="collapsed">
        {collapsed}
      </td>
    </>
  );
}

export function RecipesView() {
  const [params, setParams] = useUrlState();
  const trpc = useTRPC();
  const refs = (params.get("refs") ?? "").split(",").filter(Boolean);
  const pathHash = params.get("path") ?? "";
  const filter = { arch: params.get("arch") ?? undefined, dataset: params.get("dataset") ?? undefined };
  const recipes = useQuery(trpc.recipes.list.queryOptions(filter, { placeholderData: (prev) => prev }));
  const facets = useQuery(trpc.runs.facets.queryOptions());
  const diff = useQuery({ ...trpc.recipes.diff.queryOptions({ refs, ...filter }), enabled: refs.length >= 2 });
  const path = useQuery({
    ...trpc.recipes.path.queryOptions({ hash: pathHash, ...filter }),
    enabled: /^[0-9a-f]{64}$/.test(pathHash),
  });
  const toggle = (hash: string) =>
    setParams({ refs: (refs.includes(hash) ? refs.filter((r) => r !== hash) : [...refs, hash]).join(",") });
  return (
    <>
      <h1>Recipe diff and ablation paths</h1>
      <p className="lead">
        Tick two or more recipes to see only the fields that differ and each recipe's final top-1 (mean ± std over its
        finished seeds) on each architecture and dataset — accuracies of different architectures are never pooled. Pick
        one recipe to follow its chain of parents as an ablation path. The filters narrow every table, the Runs column
        included.
      </p>
      <div className="filters">
        <FilterSelect
          label="Architecture"
          name="arch"
          value={filter.arch}
          options={facets.data?.archs ?? []}
          onChange={(v) => setParams({ arch: v })}
        />
        <FilterSelect
          label="Dataset"
          name="dataset"
          value={filter.dataset}
          options={facets.data?.datasets ?? []}
          onChange={(v) => setParams({ dataset: v })}
        />
      </div>
      <QueryState isPending={recipes.isPending} error={recipes.error}>
        {recipes.data &&
          (recipes.data.length === 0 ? (
            <Empty>No stored recipes yet: running anything stores its recipe.</Empty>
          ) : (
            <TableWrap>
              <table data-testid="recipe-list">
                <thead>
                  <tr>
                    <th>Compare</th>
                    <th>Recipe</th>
                    <th>Hash</th>
                    <th>Parent</th>
                    <th className="num">Runs{filter.arch || filter.dataset ? " (filtered)" : ""}</th>
                    <th>Ablation path</th>
                  </tr>
                </thead>
                <tbody>
                  {recipes.data.map((r) => (
                    <tr key={r.hash} data-recipe-row={r.hash}>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`compare ${r.label}`}
                          data-recipe={r.hash}
                          checked={refs.includes(r.hash)}
                          onChange={() => toggle(r.hash)}
                        />
                      </td>
                      <td>
                        <Truncated text={r.label} full={r.title} />
                      </td>
                      <td>
                        <code>{r.hash.slice(0, 12)}</code>
                      </td>
                      <td>{r.parentHash ? <ParentName hash={r.parentHash} recipes={recipes.data} /> : "–"}</td>
                      <td className="num" data-stat="runs">
                        {r.runs}
                      </td>
                      <td>
                        <button type="button" data-path={r.hash} onClick={() => setParams({ path: r.hash })}>
                          show path
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          ))}
      </QueryState>
      <h2>Differences</h2>
      {refs.length < 2 ? (
        <Empty>Tick at least two recipes above.</Empty>
      ) : (
        <QueryState isPending={diff.isPending} error={diff.error}>
          {diff.data && (
            <>
              <TableWrap>
                <table data-testid="recipe-diff">
                  <thead>
                    <tr>
                      <th>Field</th>
                      {diff.data.columns.map((c) => (
                        <th key={c.ref}>
                          <Truncated text={c.label} full={`${c.title} (${c.hash.slice(0, 12)})`} />
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {diff.data.fields.length === 0 ? (
                      <tr>
                        <td colSpan={diff.data.columns.length + 1}>The recipes are identical.</td>
                      </tr>
                    ) : (
                      diff.data.fields.map((f) => (
                        <tr key={f.path} data-field={f.path}>
                          <td>
                            <code>{f.path}</code>
                          </td>
                          {f.values.map((v, i) => (
                            // biome-ignore lint/suspicious/noArrayIndexKey: one cell per recipe column, in column order
                            <td key={i}>
                              <Truncated text={fieldValue(v)} />
                            </td>
                          ))}
                        </tr>
                      ))
                    )}
                  </tbody>
                </table>
              </TableWrap>
              {diff.data.groups.length === 0 ? (
                <Empty>
                  None of these recipes has a finished run{filter.arch || filter.dataset ? " within the filters" : ""}.
                </Empty>
              ) : (
                <TableWrap>
                  <table data-testid="recipe-diff-metrics">
                    <thead>
                      <tr>
                        <th>Recipe</th>
                        <th>Arch</th>
                        <th>Dataset</th>
                        <th className="num">val top-1 (%)</th>
                        <th className="num">v2 top-1 (%)</th>
                        <th className="num">n</th>
                        <th className="num">collapsed</th>
                        <th></th>
                      </tr>
                    </thead>
                    <tbody>
                      {diff.data.groups.map((g) => {
                        const column = diff.data.columns.find((c) => c.hash === g.hash);
                        const ref = (x: { hash: string; arch: string; dataset: string }) => ({
                          recipeHash: x.hash,
                          arch: x.arch,
                          dataset: x.dataset,
                        });
                        const other = diff.data.groups.find(
                          (o) => o.hash !== g.hash && o.arch === g.arch && o.dataset === g.dataset,
                        );
                        return (
                          <tr
                            key={`${g.hash}|${g.arch}|${g.dataset}`}
                            data-recipe={g.hash}
                            data-group={`${g.hash}|${g.arch}|${g.dataset}`}
                          >
                            <td>
                              <Truncated text={column?.label ?? g.hash.slice(0, 12)} full={column?.title} />
                            </td>
                            <td>{g.arch}</td>
                            <td>{g.dataset}</td>
                            <StatsCells stats={g.stats} collapsed={g.collapsed} />
                            <td>
                              <Link data-compare href={compareHref(ref(g), other && ref(other))}>
                                {other ? "compare" : "compare…"}
                              </Link>
                            </td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </TableWrap>
              )}
            </>
          )}
        </QueryState>
      )}
      <h2>Ablation path</h2>
      <p className="muted">
        Each step against the step before on the same architecture and dataset: Welch's p, then p adjusted by Holm's
        step-down correction across every test of the path, and Hedges' g.
      </p>
      {!pathHash ? (
        <Empty>Pick “show path” on a recipe.</Empty>
      ) : (
        <QueryState isPending={path.isPending} error={path.error}>
          {path.data && (
            <TableWrap>
              <table data-testid="ablation-path">
                <thead>
                  <tr>
                    <th>Step</th>
                    <th>Recipe</th>
                    <th>Change from the step before</th>
                    <th>Arch · dataset</th>
                    <th className="num">val top-1 (%)</th>
                    <th className="num">v2 top-1 (%)</th>
                    <th className="num">n</th>
                    <th className="num">collapsed</th>
                    <th className="num">Δ val (p, Holm-adjusted p, Hedges' g)</th>
                    <th className="num">Δ v2 (p, Holm-adjusted p, g)</th>
                  </tr>
                </thead>
                {path.data.map((step, i) => {
                  const rows = step.groups.length === 0 ? [null] : step.groups;
                  return (
                    <tbody key={step.hash} data-step={i}>
                      {rows.map((g, j) => (
                        <tr
                          key={g ? `${g.arch}|${g.dataset}` : "none"}
                          data-group={g ? `${g.arch}|${g.dataset}` : undefined}
                        >
                          {j === 0 && (
                            <>
                              <td className="num" rowSpan={rows.length}>
                                {i}
                              </td>
                              <td rowSpan={rows.length}>
                                <Truncated text={step.label} full={step.title} />
                              </td>
                              <td rowSpan={rows.length}>
                                {i === 0
                                  ? "(start)"
                                  : step.changes.length === 0
                                    ? "(no change)"
                                    : step.changes.map((c) => (
                                        <div key={c.path}>
                                          <code>{c.path}</code>:{" "}
                                          <Truncated text={`${fieldValue(c.from)} → ${fieldValue(c.to)}`} />
                                        </div>
                                      ))}
                              </td>
                            </>
                          )}
                          {g ? (
                            <>
                              <td>
                                {g.arch} · {g.dataset}
                              </td>
                              <StatsCells stats={g.stats} collapsed={g.collapsed} />
                              <td className="num">{g.versusPrevious ? versus(g.versusPrevious, "val") : "–"}</td>
                              <td className="num">{g.versusPrevious ? versus(g.versusPrevious, "v2") : "–"}</td>
                            </>
                          ) : (
                            <td colSpan={7} className="muted">
                              no finished runs{filter.arch || filter.dataset ? " within the filters" : ""}
                            </td>
                          )}
                        </tr>
                      ))}
                    </tbody>
                  );
                })}
              </table>
            </TableWrap>
          )}
        </QueryState>
      )}
    </>
  );
}

function versus(c: PairComparison, split: "val" | "v2"): string {
  const x = c[split];
  return c.testable
    ? `${signed(x.difference)} (p ${pValue(x.pValue)}, Holm ${pValue(x.adjustedP)}, g ${signed(x.hedgesG)})`
    : `${signed(x.difference)} (untestable: ${c.untestableReason})`;
}

function ParentName({
  hash,
  recipes,
}: {
  hash: string;
  recipes: readonly { hash: string; label: string; title: string }[];
}) {
  const parent = recipes.find((p) => p.hash === hash);
  return parent ? <Truncated text={parent.label} full={parent.title} /> : <code>{hash.slice(0, 12)}</code>;
}
