"use client";
import type { ReactNode } from "react";

/**
 * A label cut to the column's width with an ellipsis; the whole text (or `full`, e.g. a derived
 * recipe's complete override list) shows on hover.
 */
export function Truncated({ text, full, wide }: { text: string; full?: string; wide?: boolean }) {
  return (
    <span className={wide ? "trunc wide" : "trunc"} title={full ?? text}>
      {text}
    </span>
  );
}

/** A table that scrolls sideways inside its own box when it is wider than the page, never the page. */
export function TableWrap({ children }: { children: ReactNode }) {
  return <div className="table-wrap">{children}</div>;
}
