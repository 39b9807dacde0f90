"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import "../../../charts/register";
import { LineChart } from "../../../charts/line-chart";
import { dateTime, fieldValue } from "../../../client/format";
import { BadLink, Empty, QueryState } from "../../../client/state";
import { useTRPC } from "../../../client/trpc";
import { LiveIndicator } from "../../../client/live-indicator";
import { useLiveRefresh } from "../../../client/use-live-refresh";
import { TableWrap, Truncated } from "../../../client/truncated";
import { idFromPath } from "../../../client/url-params";
import { describeKey, KEY_NOTES } from "../metric-axes";
import { OutsideConfig, OutsideFacts } from "./outside-run";
import { OwnFacts } from "./own-facts";
import { FingerprintTable } from "./fingerprint-table";
import { VerificationBadges } from "./verification-badges";
import { WeightsDownload } from "./weights-download";

export function RunView() {
  const { id } = useParams<{ id: string }>();
  const runId = idFromPath(id, "run");
  return (
    <>
      <h1>Run {runId.ok ? runId.value : ""}</h1>
      {runId.ok ? <RunDetails runId={runId.value} /> : <BadLink message={runId.message} />}
    </>
  );
}

function RunDetails({ runId }: { runId: number }) {
  const trpc = useTRPC();
  const run = useQuery(trpc.runs.get.queryOptions({ id: runId }));
  const metrics = useQuery(trpc.runs.metrics.queryOptions({ id: runId }));
  const live = useLiveRefresh({ runId });
  const r = run.data;
  return (
    <QueryState isPending={run.isPending} error={run.error}>
      {r && (
        <>
          <LiveIndicator state={live} />
          <VerificationBadges verification={r.verification} runId={r.id} />
          {r.external ? <OutsideFacts run={r} /> : <OwnFacts run={r} />}
          <h2>Metrics</h2>
          <QueryState isPending={metrics.isPending} error={metrics.error}>
            {metrics.data &&
              (metrics.data.length === 0 ? (
                <Empty>No metric logged yet.</Empty>
              ) : (
                <div className="charts" data-testid="run-metrics">
                  {metrics.data.map((m) => {
                    const axes = describeKey(m.key);
                    return (
                      <LineChart
                        key={m.key}
                        id={`metric-${m.key.replaceAll("/", "-")}`}
                        title={KEY_NOTES[m.key] ? `${m.key} (${KEY_NOTES[m.key]})` : m.key}
                        points={m.points}
                        xLabel={axes.x}
                        yLabel={axes.y}
                        note={
                          m.points.length < m.total
                            ? `${m.total.toLocaleString("en-US")} points, drawn as ${m.points.length} (min and max of each bucket kept)`
                            : undefined
                        }
                      />
                    );
                  })}
                </div>
              ))}
          </QueryState>
          <h2>Status timeline</h2>
          <TableWrap>
            <table data-testid="run-events">
              <thead>
                <tr>
                  <th>At</th>
                  <th>Status</th>
                  <th>Message</th>
                </tr>
              </thead>
              <tbody>
                {r.events.map((e, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the event log is append-only, so a row's index never changes
                  <tr key={i}>
                    <td>{dateTime(e.at)}</td>
                    <td className={`status-${e.status}`}>{e.status}</td>
                    <td>{e.message ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          {r.external ? (
            <OutsideConfig external={r.external} recipe={r.recipe} />
          ) : (
            <>
              <h2>Recipe</h2>
              {r.parent ? (
                <>
                  <p>
                    Derived from{" "}
                    <Link href={`/recipes?refs=${r.parent.hash},${r.recipe.hash}`}>
                      <Truncated text={r.parent.label.short} full={r.parent.label.full} />
                    </Link>
                    ; what it changes:
                  </p>
                  <TableWrap>
                    <table data-testid="parent-diff">
                      <thead>
                        <tr>
                          <th>Field</th>
                          <th>Parent</th>
                          <th>This run</th>
                        </tr>
                      </thead>
                      <tbody>
                        {r.parent.diff.map((d) => (
                          <tr key={d.path} data-field={d.path}>
                            <td>
                              <code>{d.path}</code>
                            </td>
                            <td>
                              <Truncated text={fieldValue(d.parent)} />
                            </td>
                            <td>
                              <Truncated text={fieldValue(d.run)} />
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </TableWrap>
                </>
              ) : (
                <p className="muted">A root recipe (no parent).</p>
              )}
              <pre className="json" data-testid="recipe-json">
                {JSON.stringify(r.recipe.body, null, 2)}
              </pre>
              <h2>Fingerprint</h2>
              <p className="muted">
                Where the run ran and on what data: what a rerun is checked against (<code>seedscope rerun {r.id}</code>
                ).
              </p>
              <FingerprintTable rows={r.fingerprint} />
              <h2>Checkpoint</h2>
              <WeightsDownload runId={r.id} checkpoint={r.checkpoint} />
              <h2>Architecture</h2>
              <pre className="json" data-testid="arch-spec">
                {JSON.stringify(r.archSpec, null, 2)}
              </pre>
            </>
          )}
        </>
      )}
    </QueryState>
  );
}
