"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "../client/trpc";
import { LiveIndicator } from "../client/live-indicator";
import { useLiveRefresh } from "../client/use-live-refresh";
import { Empty, QueryState } from "../client/state";
import { SourceLine } from "./source-line";
import { VerifiedCounts } from "./verified-counts";
import { SweepTable } from "./sweeps/sweep-table";

export function OverviewView() {
  const trpc = useTRPC();
  const overview = useQuery(trpc.overview.queryOptions());
  const sweeps = useQuery(trpc.sweeps.list.queryOptions());
  const live = useLiveRefresh({});
  const collapsed = overview.data?.collapsed ?? 0;
  return (
    <>
      <h1>Overview</h1>
      <LiveIndicator state={live} />
      <QueryState isPending={overview.isPending} error={overview.error}>
        {overview.data && (
          <>
            <p className="muted">
              Store: {overview.data.backend === "pglite" ? "embedded PGlite" : "PostgreSQL"} at{" "}
              <code>{overview.data.location}</code>
            </p>
            <div className="cards" data-testid="overview-counts">
              <div className="card">
                <b data-testid="count-runs">{overview.data.counts.runs}</b>runs
              </div>
              <div className="card">
                <b>{overview.data.counts.runsByStatus.finished}</b>finished
              </div>
              {collapsed > 0 && (
                <div className="card warn">
                  <b data-testid="count-collapsed">{collapsed}</b>collapsed (at chance)
                </div>
              )}
              <div className="card">
                <b data-testid="count-sweeps">{overview.data.counts.sweeps - overview.data.outsideStudies}</b>sweeps
              </div>
              {overview.data.outsideStudies > 0 && (
                <div className="card">
                  <b data-testid="count-outside-studies">{overview.data.outsideStudies}</b>outside studies
                </div>
              )}
              <div className="card">
                <b>{overview.data.counts.recipes}</b>recipes
              </div>
              <div className="card">
                <b>{overview.data.counts.metrics.toLocaleString("en-US")}</b>metric points
              </div>
            </div>
            <SourceLine sources={overview.data.sources} />
            {overview.data.counts.runs > 0 && (
              <p>
                <VerifiedCounts counts={overview.data.verification} testId="overview-verified" />
              </p>
            )}
            {overview.data.counts.runs === 0 && (
              <Empty>
                No runs yet. <code>npx seedscope demo</code> runs a 3-seed study;{" "}
                <code>npx seedscope sweep --help</code> plans your own.
              </Empty>
            )}
          </>
        )}
      </QueryState>
      <h2>Sweeps</h2>
      <QueryState isPending={sweeps.isPending} error={sweeps.error}>
        {sweeps.data &&
          (sweeps.data.length === 0 ? <Empty>No sweeps yet.</Empty> : <SweepTable sweeps={sweeps.data} />)}
      </QueryState>
      <p className="muted">
        Compare groups on <Link href="/generalization">val vs v2</Link>, in the{" "}
        <Link href="/matrix">architecture × recipe matrix</Link>, or recipe by recipe in the{" "}
        <Link href="/recipes">diff view</Link>.
      </p>
    </>
  );
}
