"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../client/trpc";
import { LiveIndicator } from "../../client/live-indicator";
import { useLiveRefresh } from "../../client/use-live-refresh";
import { Empty, QueryState } from "../../client/state";
import { SweepTable } from "./sweep-table";

export default function SweepsPage() {
  const trpc = useTRPC();
  const sweeps = useQuery(trpc.sweeps.list.queryOptions());
  const live = useLiveRefresh({});
  return (
    <>
      <h1>Sweeps</h1>
      <LiveIndicator state={live} />
      <p className="lead">
        Each sweep's seed study: open one for its statistics, histogram, epoch bands and val-vs-v2 cloud. Studies logged
        or imported from outside seedscope (an MLflow experiment, an import) are listed with their source.
      </p>
      <QueryState isPending={sweeps.isPending} error={sweeps.error}>
        {sweeps.data &&
          (sweeps.data.length === 0 ? (
            <Empty>
              No sweeps yet: <code>npx seedscope sweep --help</code>.
            </Empty>
          ) : (
            <SweepTable sweeps={sweeps.data} />
          ))}
      </QueryState>
    </>
  );
}
