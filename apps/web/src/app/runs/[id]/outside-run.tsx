"use client";
import Link from "next/link";
import type { OutsideRunView, RunPage } from "@seedscope/db";
import { dateTime, fieldValue, pct } from "../../../client/format";
import { Empty } from "../../../client/state";
import { TableWrap, Truncated } from "../../../client/truncated";
import { finalTop1 } from "./final-top1";

/** The facts of a run trained outside seedscope: where it came from, its name, seed, status and final top-1. */
export function OutsideFacts({ run: r }: { run: RunPage }) {
  return (
    <TableWrap>
      <table data-testid="run-facts">
        <tbody>
          <tr>
            <th>Name</th>
            <td data-testid="run-name">{r.name ?? "–"}</td>
          </tr>
          <tr>
            <th>Source</th>
            <td>
              <span data-testid="run-source">{r.source}</span> — logged outside seedscope
              {r.external?.externalKey ? (
                <>
                  {" "}
                  as <code>{r.external.externalKey}</code>
                </>
              ) : null}
            </td>
          </tr>
          <tr>
            <th>Configuration</th>
            <td data-testid="run-recipe">
              <Truncated text={r.recipe.label.short} full={r.recipe.label.full} />{" "}
              <code title={r.recipe.hash}>{r.recipe.hash.slice(0, 12)}</code> ·{" "}
              <Link href={`/runs?recipe=${r.recipe.hash}`}>runs with these parameters</Link>
            </td>
          </tr>
          <tr>
            <th>Architecture · dataset</th>
            <td>
              {r.arch} · {r.dataset}
            </td>
          </tr>
          <tr>
            <th>Seed</th>
            <td data-testid="run-seed">
              {r.seed ?? "—"}
              {r.seed === null ? (
                <span className="muted"> (no seed logged: shown here, left out of the seed statistics)</span>
              ) : null}
            </td>
          </tr>
          <tr>
            <th>Study</th>
            <td>{r.sweepId === null ? "–" : <Link href={`/sweeps/${r.sweepId}`}>#{r.sweepId}</Link>}</td>
          </tr>
          <tr>
            <th>Status</th>
            <td className={`status-${r.status}`} data-testid="run-status">
              {r.status}
              {r.statusReason ? ` — ${r.statusReason}` : ""} ({r.epochsDone} epochs logged)
            </td>
          </tr>
          <tr>
            <th>Final top-1 (%)</th>
            <td>
              val {pct(finalTop1(r.summary, "val"))} · v2 {pct(finalTop1(r.summary, "v2"))}
            </td>
          </tr>
          <tr>
            <th>Created · started · finished</th>
            <td>
              {dateTime(r.createdAt)} · {dateTime(r.startedAt)} · {dateTime(r.finishedAt)}
            </td>
          </tr>
          <tr>
            <th>Last write</th>
            <td title="its client's last metric, parameter or status: a silent running run is shown interrupted">
              {dateTime(r.heartbeatAt)}
            </td>
          </tr>
        </tbody>
      </table>
    </TableWrap>
  );
}

/** An outside run's parameters and tags, as tables: its configuration, in place of a seedscope recipe. */
export function OutsideConfig({ external, recipe }: { external: OutsideRunView; recipe: RunPage["recipe"] }) {
  return (
    <>
      <h2>Parameters</h2>
      <p className="muted">
        As the run logged them. Stored as the external configuration <code>{recipe.hash.slice(0, 12)}</code> without the
        seed, so that runs differing only by their seed form one seed group.
      </p>
      {external.params.length === 0 ? (
        <Empty>This run logged no parameters.</Empty>
      ) : (
        <TableWrap>
          <table data-testid="run-params">
            <thead>
              <tr>
                <th>Parameter</th>
                <th>Value</th>
              </tr>
            </thead>
            <tbody>
              {external.params.map((p) => (
                <tr key={p.name} data-param={p.name}>
                  <td>
                    <code>{p.name}</code>
                  </td>
                  <td data-col="value">
                    <Truncated text={fieldValue(p.value)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <h2>Tags</h2>
      {external.tags.length === 0 ? (
        <Empty>This run has no tags.</Empty>
      ) : (
        <TableWrap>
          <table data-testid="run-tags">
            <thead>
              <tr>
                <th>Tag</th>
                <th>Value</th>
              </tr>
            </thead>
            <tbody>
              {external.tags.map((t) => (
                <tr key={t.name} data-tag={t.name}>
                  <td>
                    <code>{t.name}</code>
                  </td>
                  <td data-col="value">
                    <Truncated text={t.value} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}
