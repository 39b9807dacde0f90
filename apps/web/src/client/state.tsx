"use client";
import type { ReactNode } from "react";

/** The loading / error / empty states every view shares. Errors from the API are one sentence already. */
export function QueryState({
  isPending,
  error,
  children,
}: {
  isPending: boolean;
  error: { message: string } | null;
  children: ReactNode;
}) {
  if (error)
    return (
      <p className="error" role="alert">
        Could not load: {error.message}
      </p>
    );
  if (isPending)
    return (
      <p className="loading" aria-busy="true">
        Loading…
      </p>
    );
  return <>{children}</>;
}

/** A link whose parameters cannot be used: say which and why, instead of asking the API. */
export function BadLink({ message }: { message: string }) {
  return (
    <p className="error" role="alert" data-testid="bad-link">
      {message}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** The "collapsed" flag beside a finished run's status: it learned nothing (final val top-1 at chance). */
export function CollapsedBadge() {
  return (
    <span
      className="badge collapsed"
      data-testid="collapsed-badge"
      title="Finished at chance: final val top-1 within noise of 1/classes. Counted in every statistic."
    >
      collapsed
    </span>
  );
}
