"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useUrlState } from "../../../client/search-params";
import { BadLink, Empty, QueryState } from "../../../client/state";
import { useTRPC } from "../../../client/trpc";
import { LiveIndicator } from "../../../client/live-indicator";
import { useLiveRefresh } from "../../../client/use-live-refresh";
import { groupFromParam, idFromPath, intFromParam } from "../../../client/url-params";
import type { SeedStudy } from "@seedscope/db";
import { StudyCharts } from "./study-charts";
import { VerifiedCounts } from "../../verified-counts";
import { StudySummary } from "./study-summary";

export function SeedStudyView() {
  const { id } = useParams<{ id: string }>();
  const [params] = useUrlState();
  const sweepId = idFromPath(id, "sweep");
  const group = groupFromParam(params.get("group"));
  const early = intFromParam(params.get("early"), "early epoch", 1);
  const ref = intFromParam(params.get("ref"), "reference seed", 0);
  const includeReference = params.get("withref") === "1";
  const bad = [sweepId, group, early, ref].find((p) => !p.ok);
  return (
    <>
      <h1>Seed study</h1>
      {bad && !bad.ok ? (
        <BadLink message={bad.message} />
      ) : sweepId.ok && group.ok && early.ok && ref.ok ? (
        <Study
          input={{
            sweepId: sweepId.value,
            group: group.value,
            earlyEpoch: early.value,
            referenceSeed: ref.value,
            ...(includeReference ? { includeReference } : {}),
          }}
        />
      ) : null}
    </>
  );
}

function Study({
  input,
}: {
  input: {
    sweepId: number;
    group?: { recipeHash: string; arch: string; dataset: string };
    earlyEpoch?: number;
    referenceSeed?: number;
    includeReference?: boolean;
  };
}) {
  const trpc = useTRPC();
  const [params, setParams] = useUrlState();
  const band = params.get("band") === "ci" ? "ci" : "std";
  const study = useQuery(trpc.sweeps.study.queryOptions(input, { placeholderData: (prev) => prev }));
  const live = useLiveRefresh({ sweepId: input.sweepId });
  const data = study.data;
  return (
    <QueryState isPending={study.isPending} error={study.error}>
      {data && (
        <>
          <h2 className="subtitle">
            {data.sweep.source === "seedscope" ? "Sweep" : "Study"} #{data.sweep.id}
            {data.sweep.name ? ` ${data.sweep.name}` : ""}
          </h2>
          {data.sweep.source !== "seedscope" && (
            <p className="muted" data-testid="study-source">
              From {data.sweep.source}: a study of runs logged or imported from outside seedscope, grouped by their
              parameters (all but the seed), without a plan.
            </p>
          )}
          <LiveIndicator state={live} />
          <SweepStatus sweep={data.sweep} />
          {data.sweep.source === "seedscope" && <SweepVerified sweepId={data.sweep.id} />}
          {data.groups.length === 0 ? (
            <Empty>
              No finished run with a seed in this {data.sweep.source === "seedscope" ? "sweep" : "study"} yet: the
              statistics appear as seeds finish.
            </Empty>
          ) : (
            <>
              <StudySummary data={data} setParams={setParams} />
              <StudyCharts data={data} setParams={setParams} band={band} />
            </>
          )}
        </>
      )}
    </QueryState>
  );
}

function SweepVerified({ sweepId }: { sweepId: number }) {
  const trpc = useTRPC();
  const counts = useQuery(trpc.sweeps.verification.queryOptions({ sweepId }));
  return counts.data ? (
    <p>
      <VerifiedCounts counts={counts.data} testId="sweep-verified" sweepId={sweepId} />
    </p>
  ) : null;
}

function SweepStatus({ sweep }: { sweep: SeedStudy["sweep"] }) {
  const s = sweep.byStatus;
  const broken = s.failed + s.diverged + s.interrupted;
  return (
    <p className="muted" data-testid="sweep-status">
      {sweep.total} runs: {s.finished} finished
      {sweep.collapsed > 0 ? (
        <>
          {" "}
          (
          <b className="collapsed-count" data-testid="sweep-collapsed">
            {sweep.collapsed} collapsed
          </b>
          : at chance, still counted below)
        </>
      ) : null}
      , {s.running} running, {s.queued} queued
      {broken > 0 ? `, ${s.failed} failed, ${s.diverged} diverged, ${s.interrupted} interrupted` : ""}.{" "}
      {sweep.withoutSeed > 0 ? (
        <span data-testid="seedless-note">
          {sweep.withoutSeed} {sweep.withoutSeed === 1 ? "run" : "runs"} without a seed not shown.{" "}
        </span>
      ) : null}
      <Link href={`/runs?sweep=${sweep.id}`}>Its runs</Link>
    </p>
  );
}
