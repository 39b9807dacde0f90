"use client";
import type { ReactNode } from "react";

/**
 * A titled chart. `points` (how many data points it draws) goes into the DOM as data-points, so that
 * browser tests and users' scripts can check what the canvas shows; `tall` gives room to a legend.
 */
export function ChartBox({
  id,
  title,
  points,
  note,
  tall,
  children,
}: {
  id: string;
  title: string;
  points: number;
  note?: ReactNode;
  tall?: boolean;
  children: ReactNode;
}) {
  return (
    <figure className="chart" data-testid={`chart-${id}`} data-points={points}>
      <figcaption>{title}</figcaption>
      <div className={tall ? "chart-canvas tall" : "chart-canvas"}>{children}</div>
      {note ? <p className="chart-note">{note}</p> : null}
    </figure>
  );
}
