"use client";
import Link from "next/link";
import type { RunPage } from "@seedscope/db";
import { compact, dateTime, megabytes, pct } from "../../../client/format";
import { CollapsedBadge } from "../../../client/state";
import { TableWrap, Truncated } from "../../../client/truncated";
import { finalTop1 } from "./final-top1";

/** The facts of a run trained by seedscope: its recipe, model, seed, status, final top-1, resources, code. */
export function OwnFacts({ run: r }: { run: RunPage }) {
  return (
    <TableWrap>
      <table data-testid="run-facts">
        <tbody>
          <tr>
            <th>Recipe</th>
            <td data-testid="run-recipe">
              <Truncated text={r.recipe.label.short} full={r.recipe.label.full} />{" "}
              <code title={r.recipe.hash}>{r.recipe.hash.slice(0, 12)}</code> ·{" "}
              <Link href={`/recipes?path=${r.recipe.hash}`}>ablation path</Link>
            </td>
          </tr>
          <tr>
            <th>Architecture</th>
            <td>
              {r.arch} ({compact(r.params)} params, {compact(r.flops)} FLOPs/image)
            </td>
          </tr>
          <tr>
            <th>Dataset · seed</th>
            <td>
              {r.dataset} · seed {r.seed ?? "—"}
            </td>
          </tr>
          <tr>
            <th>Sweep</th>
            <td>{r.sweepId === null ? "–" : <Link href={`/sweeps/${r.sweepId}`}>#{r.sweepId}</Link>}</td>
          </tr>
          <tr>
            <th>Status</th>
            <td className={`status-${r.status}`} data-testid="run-status">
              {r.status}
              {r.collapsed ? (
                <>
                  {" "}
                  <CollapsedBadge />
                </>
              ) : null}
              {r.statusReason ? ` — ${r.statusReason}` : ""} ({r.epochsDone} epochs done)
              {r.collapsed ? (
                <span className="warn">
                  {" "}
                  It finished at chance: it learned nothing, and counts as such in every seed statistic.
                </span>
              ) : null}
            </td>
          </tr>
          <tr>
            <th>Final top-1 (%)</th>
            <td>
              val {pct(finalTop1(r.summary, "val"))} · v2 {pct(finalTop1(r.summary, "v2"))}
            </td>
          </tr>
          <tr>
            <th>Throughput</th>
            <td>{r.throughput === null ? "–" : `${r.throughput.toFixed(1)} images/s`}</td>
          </tr>
          <tr>
            <th>Tensor peak</th>
            <td
              data-testid="tensor-peak"
              title="High-water mark of TensorFlow.js tensors: weights, gradients, optimizer state, activations"
            >
              {megabytes(r.tensorPeakMb)} MB
            </td>
          </tr>
          <tr>
            <th>Process peak RSS</th>
            <td
              data-testid="process-peak"
              title="Peak resident memory of the whole training process (Node.js, TensorFlow.js, data): not a property of the model"
            >
              {megabytes(r.processPeakRssMb)} MB (the whole training process)
            </td>
          </tr>
          <tr>
            <th>Code version</th>
            <td>
              {r.gitCommit ? <code>{r.gitCommit.slice(0, 12)}</code> : "–"}
              {r.gitDirty ? " (uncommitted changes)" : ""}
            </td>
          </tr>
          <tr>
            <th>Worker</th>
            <td>{r.worker ?? "–"}</td>
          </tr>
          <tr>
            <th>Created · started · finished</th>
            <td>
              {dateTime(r.createdAt)} · {dateTime(r.startedAt)} · {dateTime(r.finishedAt)}
            </td>
          </tr>
        </tbody>
      </table>
    </TableWrap>
  );
}
