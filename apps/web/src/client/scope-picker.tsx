"use client";
import { useQuery } from "@tanstack/react-query";
import type { ReactElement } from "react";
import { FilterSelect } from "./filter-select";
import { intParam, useUrlState } from "./search-params";
import { useTRPC } from "./trpc";

/** Sweep and dataset filters shared by the comparison views; the scope lives in the URL. */
export function useScope(): [{ sweepId?: number; dataset?: string }, ReactElement] {
  const [params, setParams] = useUrlState();
  const trpc = useTRPC();
  const facets = useQuery(trpc.runs.facets.queryOptions());
  const scope = { sweepId: intParam(params, "sweep"), dataset: params.get("dataset") ?? undefined };
  const picker = (
    <div className="filters" data-testid="scope">
      <FilterSelect
        label="Sweep"
        name="sweep"
        allLabel="all runs"
        value={scope.sweepId}
        options={facets.data?.sweeps.map((x) => ({ value: x.id, label: x.label })) ?? []}
        onChange={(v) => setParams({ sweep: v })}
      />
      <FilterSelect
        label="Dataset"
        name="dataset"
        value={scope.dataset}
        options={facets.data?.datasets ?? []}
        onChange={(v) => setParams({ dataset: v })}
      />
    </div>
  );
  return [scope, picker];
}
