"use client";
import { useQuery } from "@tanstack/react-query";
import { FilterSelect } from "../../client/filter-select";
import { fieldValue, meanStd, pValue, signed } from "../../client/format";
import { useUrlState } from "../../client/search-params";
import { Empty, QueryState } from "../../client/state";
import { useTRPC } from "../../client/trpc";
import type { SplitSummaries } from "../../server/queries/group-stats";

function StatsCells({ stats }: { stats: SplitSummaries }) {
  return (
    <>
      <td className="num split-val" data-stat="val">{meanStd(stats.val.mean, stats.val.std)}</td>
      <td className="num split-v2" data-stat="v2">{meanStd(stats.v2.mean, stats.v2.std)}</td>
      <td className="num" data-stat="n">{stats.val.n}</td>
    </>
  );
}

export function RecipesView() {
  const [params, setParams] = useUrlState();
  const trpc = useTRPC();
  const refs = (params.get("refs") ?? "").split(",").filter(Boolean);
  const pathHash = params.get("path") ?? "";
  const filter = { arch: params.get("arch") ?? undefined, dataset: params.get("dataset") ?? undefined };
  const recipes = useQuery(trpc.recipes.list.queryOptions());
  const facets = useQuery(trpc.runs.facets.queryOptions());
  const diff = useQuery({ ...trpc.recipes.diff.queryOptions({ refs, ...filter }), enabled: refs.length >= 2 });
  const path = useQuery({ ...trpc.recipes.path.queryOptions({ hash: pathHash, ...filter }), enabled: /^[0-9a-f]{64}$/.test(pathHash) });
  const toggle = (hash: string) => setParams({ refs: (refs.includes(hash) ? refs.filter((r) => r !== hash) : [...refs, hash]).join(",") });
  return (
    <>
      <h1>Recipe diff and ablation paths</h1>
      <p className="lead">Tick two or more recipes to see only the fields that differ and each recipe's final top-1 (mean ± std over its finished seeds). Pick one recipe to follow its chain of parents as an ablation path.</p>
      <div className="filters">
        <FilterSelect label="Architecture" name="arch" value={filter.arch} options={facets.data?.archs ?? []} onChange={(v) => setParams({ arch: v })} />
        <FilterSelect label="Dataset" name="dataset" value={filter.dataset} options={facets.data?.datasets ?? []} onChange={(v) => setParams({ dataset: v })} />
      </div>
      <QueryState isPending={recipes.isPending} error={recipes.error}>
        {recipes.data && (recipes.data.length === 0 ? <Empty>No stored recipes yet: running anything stores its recipe.</Empty> : (
          <table data-testid="recipe-list">
            <thead><tr><th>Compare</th><th>Recipe</th><th>Hash</th><th>Parent</th><th className="num">Runs</th><th>Ablation path</th></tr></thead>
            <tbody>
              {recipes.data.map((r) => (
                <tr key={r.hash}>
                  <td><input type="checkbox" aria-label={`compare ${r.label}`} data-recipe={r.hash} checked={refs.includes(r.hash)} onChange={() => toggle(r.hash)} /></td>
                  <td>{r.label}</td>
                  <td><code>{r.hash.slice(0, 12)}</code></td>
                  <td>{r.parentHash ? recipes.data.find((p) => p.hash === r.parentHash)?.label ?? r.parentHash.slice(0, 12) : "–"}</td>
                  <td className="num">{r.runs}</td>
                  <td><button data-path={r.hash} onClick={() => setParams({ path: r.hash })}>show path</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </QueryState>
      <h2>Differences</h2>
      {refs.length < 2 ? <Empty>Tick at least two recipes above.</Empty> : (
        <QueryState isPending={diff.isPending} error={diff.error}>
          {diff.data && (
            <>
              <table data-testid="recipe-diff">
                <thead><tr><th>Field</th>{diff.data.columns.map((c) => <th key={c.ref} title={c.hash}>{c.label}</th>)}</tr></thead>
                <tbody>
                  {diff.data.fields.length === 0 ? (
                    <tr><td colSpan={diff.data.columns.length + 1}>The recipes are identical.</td></tr>
                  ) : diff.data.fields.map((f) => (
                    <tr key={f.path} data-field={f.path}>
                      <td><code>{f.path}</code></td>
                      {f.values.map((v, i) => <td key={i}>{fieldValue(v)}</td>)}
                    </tr>
                  ))}
                </tbody>
              </table>
              <table data-testid="recipe-diff-metrics">
                <thead><tr><th>Recipe</th><th className="num">val top-1 (%)</th><th className="num">v2 top-1 (%)</th><th className="num">n</th></tr></thead>
                <tbody>
                  {diff.data.columns.map((c) => (
                    <tr key={c.ref} data-recipe={c.hash}><td>{c.label}</td><StatsCells stats={c.stats} /></tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </QueryState>
      )}
      <h2>Ablation path</h2>
      {!pathHash ? <Empty>Pick “show path” on a recipe.</Empty> : (
        <QueryState isPending={path.isPending} error={path.error}>
          {path.data && (
            <table data-testid="ablation-path">
              <thead><tr><th>Step</th><th>Recipe</th><th>Change from the step before</th><th className="num">val top-1 (%)</th><th className="num">v2 top-1 (%)</th><th className="num">n</th><th className="num">Δ val (p)</th><th className="num">Δ v2 (p)</th></tr></thead>
              <tbody>
                {path.data.map((step, i) => (
                  <tr key={step.hash} data-step={i}>
                    <td className="num">{i}</td>
                    <td>{step.label}</td>
                    <td>{i === 0 ? "(start)" : step.changes.length === 0 ? "(no change)" : step.changes.map((c) => <div key={c.path}><code>{c.path}</code>: {fieldValue(c.from)} → {fieldValue(c.to)}</div>)}</td>
                    <StatsCells stats={step.stats} />
                    <td className="num">{step.versusPrevious ? `${signed(step.versusPrevious.val.difference)} (${pValue(step.versusPrevious.val.pValue)})` : "–"}</td>
                    <td className="num">{step.versusPrevious ? `${signed(step.versusPrevious.v2.difference)} (${pValue(step.versusPrevious.v2.pValue)})` : "–"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </QueryState>
      )}
    </>
  );
}
