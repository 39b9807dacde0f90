"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { compareHref } from "../compare/group-param";
import { RUN_STATUSES } from "@seedscope/core/run-status";
import { FilterSelect } from "../../client/filter-select";
import { compact, count, pct } from "../../client/format";
import { intParam, useUrlState } from "../../client/search-params";
import { CollapsedBadge, Empty, QueryState } from "../../client/state";
import { TableWrap, Truncated } from "../../client/truncated";
import { useTRPC } from "../../client/trpc";
import { LiveIndicator } from "../../client/live-indicator";
import { useLiveRefresh } from "../../client/use-live-refresh";
import { CompareBar, pickRun } from "./compare-pick";
import { VerifiedCell } from "./verified-cell";

const PAGE_SIZE = 50;
/** Why a run's seed cell is empty. */
const SEEDLESS = "this run logged no seed: it is listed here but left out of the seed statistics";
type SortField = "id" | "seed" | "arch" | "dataset" | "status" | "valTop1" | "v2Top1" | "params" | "throughput";
const COLUMNS: { field: SortField | null; label: string; num?: boolean }[] = [
  { field: null, label: "Pick" },
  { field: "id", label: "Run", num: true },
  { field: null, label: "Source" },
  { field: null, label: "Sweep" },
  { field: null, label: "Recipe" },
  { field: "arch", label: "Arch" },
  { field: "dataset", label: "Dataset" },
  { field: "seed", label: "Seed", num: true },
  { field: "status", label: "Status" },
  { field: null, label: "Verified" },
  { field: null, label: "Epochs", num: true },
  { field: "valTop1", label: "Val top-1 (%)", num: true },
  { field: "v2Top1", label: "v2 top-1 (%)", num: true },
  { field: "params", label: "Params", num: true },
  { field: "throughput", label: "Images/s", num: true },
  { field: null, label: "Seeds" },
];

export function RunsView() {
  const [params, setParams] = useUrlState();
  const [picked, setPicked] = useState<number[]>([]);
  const trpc = useTRPC();
  const sort = (params.get("sort") as SortField | null) ?? "id";
  const order = params.get("order") === "asc" ? "asc" : "desc";
  const page = intParam(params, "page") ?? 0;
  const status = params.get("status");
  const filter = {
    sweepId: intParam(params, "sweep"),
    recipe: params.get("recipe") ?? undefined,
    arch: params.get("arch") ?? undefined,
    dataset: params.get("dataset") ?? undefined,
    status:
      status && (RUN_STATUSES as readonly string[]).includes(status)
        ? (status as (typeof RUN_STATUSES)[number])
        : undefined,
    seed: intParam(params, "seed"),
    source: params.get("source") ?? undefined,
  };
  const facets = useQuery(trpc.runs.facets.queryOptions());
  const runs = useQuery(
    trpc.runs.list.queryOptions(
      { ...filter, sort, order, limit: PAGE_SIZE, offset: page * PAGE_SIZE },
      { placeholderData: (prev) => prev },
    ),
  );
  const live = useLiveRefresh({
    sweepId: filter.sweepId,
    arch: filter.arch,
    dataset: filter.dataset,
    recipeHash: filter.recipe && /^[0-9a-f]{64}$/.test(filter.recipe) ? filter.recipe : undefined,
  });
  const set = (changes: Record<string, string | number | null>) => setParams({ ...changes, page: null });
  const total = runs.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <>
      <h1>Runs</h1>
      <LiveIndicator state={live} />
      <div className="filters" data-testid="run-filters">
        <FilterSelect
          label="Sweep"
          name="sweep"
          value={filter.sweepId}
          options={facets.data?.sweeps.map((x) => ({ value: x.id, label: x.label })) ?? []}
          onChange={(v) => set({ sweep: v })}
        />
        <FilterSelect
          label="Source"
          name="source"
          value={filter.source}
          options={facets.data?.sources ?? []}
          onChange={(v) => set({ source: v })}
        />
        <FilterSelect
          label="Recipe"
          name="recipe"
          value={filter.recipe}
          options={facets.data?.recipes.map((r) => ({ value: r.hash, label: r.short, title: r.full })) ?? []}
          onChange={(v) => set({ recipe: v })}
        />
        <FilterSelect
          label="Arch"
          name="arch"
          value={filter.arch}
          options={facets.data?.archs ?? []}
          onChange={(v) => set({ arch: v })}
        />
        <FilterSelect
          label="Dataset"
          name="dataset"
          value={filter.dataset}
          options={facets.data?.datasets ?? []}
          onChange={(v) => set({ dataset: v })}
        />
        <FilterSelect
          label="Status"
          name="status"
          value={filter.status}
          options={RUN_STATUSES}
          onChange={(v) => set({ status: v })}
        />
        <label>
          Seed
          <input
            name="seed"
            type="number"
            min={0}
            style={{ width: 80 }}
            defaultValue={filter.seed ?? ""}
            onChange={(e) => set({ seed: e.target.value })}
          />
        </label>
      </div>
      <QueryState isPending={runs.isPending} error={runs.error}>
        {runs.data && (
          <>
            <p className="muted" data-testid="run-total">
              {count(total)} runs match
            </p>
            <CompareBar picked={picked} onClear={() => setPicked([])} />
            {runs.data.rows.length === 0 ? (
              <Empty>No run matches these filters.</Empty>
            ) : (
              <TableWrap>
                <table data-testid="run-table">
                  <thead>
                    <tr>
                      {COLUMNS.map((c) => (
                        <th
                          key={c.label}
                          className={c.num ? "num" : undefined}
                          aria-sort={
                            c.field
                              ? sort === c.field
                                ? order === "asc"
                                  ? "ascending"
                                  : "descending"
                                : "none"
                              : undefined
                          }
                        >
                          {c.field ? (
                            <button
                              type="button"
                              className="sort"
                              onClick={() =>
                                set({ sort: c.field, order: sort === c.field && order === "desc" ? "asc" : "desc" })
                              }
                            >
                              {c.label}
                            </button>
                          ) : (
                            c.label
                          )}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {runs.data.rows.map((r) => (
                      <tr key={r.id} data-run-id={r.id}>
                        <td>
                          <input
                            type="checkbox"
                            name="compare"
                            value={r.id}
                            aria-label={`pick run ${r.id} to compare`}
                            checked={picked.includes(r.id)}
                            onChange={() => setPicked((p) => pickRun(p, r.id))}
                          />
                        </td>
                        <td className="num">
                          <Link href={`/runs/${r.id}`}>{r.id}</Link>
                          {r.name ? (
                            <>
                              {" "}
                              <span className="muted" data-col="name">
                                <Truncated text={r.name} />
                              </span>
                            </>
                          ) : null}
                        </td>
                        <td data-col="source">{r.source}</td>
                        <td>{r.sweepId === null ? "–" : <Link href={`/sweeps/${r.sweepId}`}>#{r.sweepId}</Link>}</td>
                        <td>
                          <Truncated text={r.recipe.short} full={`${r.recipe.full} (${r.recipeHash.slice(0, 12)})`} />
                        </td>
                        <td>{r.arch}</td>
                        <td>{r.dataset}</td>
                        <td className="num" data-col="seed" title={r.seed === null ? SEEDLESS : undefined}>
                          {r.seed ?? "—"}
                        </td>
                        <td className={`status-${r.status}`} data-col="status">
                          {r.status}
                          {r.collapsed ? (
                            <>
                              {" "}
                              <CollapsedBadge />
                            </>
                          ) : null}
                        </td>
                        <VerifiedCell runId={r.id} badge={r.verified} />
                        <td className="num">{r.epochsDone}</td>
                        <td className="num" data-col="val">
                          {pct(r.valTop1)}
                        </td>
                        <td className="num" data-col="v2">
                          {pct(r.v2Top1)}
                        </td>
                        <td className="num">{compact(r.params)}</td>
                        <td className="num">{r.throughput === null ? "–" : r.throughput.toFixed(0)}</td>
                        <td>
                          <Link
                            href={compareHref({ recipeHash: r.recipeHash, arch: r.arch, dataset: r.dataset })}
                            title="compare this run's group of seeds (recipe · arch · dataset) with another"
                          >
                            compare…
                          </Link>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            )}
            <div className="pager">
              <button type="button" disabled={page === 0} onClick={() => setParams({ page: page - 1 || null })}>
                ← previous
              </button>
              <span data-testid="run-page">
                page {page + 1} of {pages}
              </span>
              <button type="button" disabled={page + 1 >= pages} onClick={() => setParams({ page: page + 1 })}>
                next →
              </button>
            </div>
          </>
        )}
      </QueryState>
    </>
  );
}
