"use client";
import type { FieldDifference } from "@seedscope/db";
import { fieldValue } from "../../../client/format";
import { TableWrap, Truncated } from "../../../client/truncated";

/** The fields that differ between run a and run b, or one line saying there are none. */
export function FieldTable({
  id,
  rows,
  a,
  b,
  what,
}: {
  id: string;
  rows: FieldDifference[];
  a: number;
  b: number;
  what: string;
}) {
  if (rows.length === 0)
    return (
      <p className="muted" data-testid={id}>
        {what}: identical.
      </p>
    );
  return (
    <TableWrap>
      <table data-testid={id}>
        <thead>
          <tr>
            <th>Field</th>
            <th>Run {a}</th>
            <th>Run {b}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.field} data-field={d.field}>
              <td>
                <code>{d.field}</code>
              </td>
              <td data-col="a">
                <Truncated text={d.a === undefined ? "(absent)" : fieldValue(d.a)} />
              </td>
              <td data-col="b">
                <Truncated text={d.b === undefined ? "(absent)" : fieldValue(d.b)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
