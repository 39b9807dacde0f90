"use client";
import type { ReactNode } from "react";

/** The loading / error / empty states every view shares. */
export function QueryState({ isPending, error, children }: { isPending: boolean; error: { message: string } | null; children: ReactNode }) {
  if (error) return <p className="error" role="alert">Could not load: {error.message}</p>;
  if (isPending) return <p className="loading" aria-busy="true">Loading…</p>;
  return <>{children}</>;
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}
