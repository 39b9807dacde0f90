"use client";
import Link from "next/link";
import { dateTime } from "../../client/format";
import { TableWrap, Truncated } from "../../client/truncated";

export interface SweepRow {
  id: number;
  name: string | null;
  launchedBy: string;
  /** "seedscope" for a planned sweep; where an outside study's runs came from ("mlflow", "import", …). */
  source: string;
  createdAt: Date;
  total: number;
  byStatus: Record<string, number>;
  /** Finished runs that collapsed (at chance), also counted as finished. */
  collapsed: number;
}

export function SweepTable({ sweeps }: { sweeps: SweepRow[] }) {
  return (
    <TableWrap>
      <table data-testid="sweep-table">
        <thead>
          <tr>
            <th>Sweep</th>
            <th>Name</th>
            <th>Source</th>
            <th className="num">Runs</th>
            <th className="num">Finished</th>
            <th className="num" title="Finished at chance: learned nothing (counted as finished too)">
              Collapsed
            </th>
            <th className="num">Running</th>
            <th className="num">Queued</th>
            <th className="num">Failed</th>
            <th>Created</th>
          </tr>
        </thead>
        <tbody>
          {sweeps.map((s) => (
            <tr key={s.id}>
              <td>
                <Link href={`/sweeps/${s.id}`}>#{s.id}</Link>
              </td>
              <td>
                <Link href={`/sweeps/${s.id}`}>
                  <Truncated text={s.name ?? "(unnamed)"} />
                </Link>
              </td>
              <td data-col="source">{s.source === "seedscope" ? "seedscope sweep" : `${s.source} study`}</td>
              <td className="num">{s.total}</td>
              <td className="num">{s.byStatus.finished}</td>
              <td className={s.collapsed > 0 ? "num warn" : "num"} data-stat="collapsed">
                {s.collapsed}
              </td>
              <td className="num">{s.byStatus.running}</td>
              <td className="num">{s.byStatus.queued}</td>
              <td className="num">
                {(s.byStatus.failed ?? 0) + (s.byStatus.diverged ?? 0) + (s.byStatus.interrupted ?? 0)}
              </td>
              <td>
                {dateTime(s.createdAt)}
                {s.source === "seedscope" ? ` by ${s.launchedBy}` : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
