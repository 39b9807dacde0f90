"use client";
import type { FingerprintGroup, FingerprintRow } from "@seedscope/db";
import { Empty } from "../../../client/state";
import { TableWrap } from "../../../client/truncated";

const GROUPS: readonly { group: FingerprintGroup; title: string }[] = [
  { group: "software", title: "software" },
  { group: "machine", title: "machine" },
  { group: "data", title: "data" },
];

/** A run's fingerprint — what a rerun is checked against — as a table grouped into software, machine and data. */
export function FingerprintTable({ rows }: { rows: FingerprintRow[] }) {
  if (rows.length === 0) return <Empty>This run recorded no fingerprint.</Empty>;
  return (
    <TableWrap>
      <table className="fingerprint" data-testid="fingerprint">
        {GROUPS.map(({ group, title }) => {
          const inGroup = rows.filter((r) => r.group === group);
          if (inGroup.length === 0) return null;
          return (
            <tbody key={group} data-group={group}>
              <tr>
                <th scope="rowgroup" colSpan={2}>
                  {title}
                </th>
              </tr>
              {inGroup.map((r) => (
                <tr key={r.field} data-field={r.field}>
                  <th scope="row">{r.label}</th>
                  <td data-col="value" title={r.full ?? undefined}>
                    {r.full ? <code>{r.value}</code> : r.value}
                  </td>
                </tr>
              ))}
            </tbody>
          );
        })}
      </table>
    </TableWrap>
  );
}
