"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { ChangeScope } from "@seedscope/db";
import { useTRPC } from "./trpc";
import { useDocumentVisible } from "./use-document-visible";

/** How often a live page asks whether what it shows changed. */
export const LIVE_POLL_MS = 3_000;

export interface LiveState {
  /** Polling now: something in view is running (or queued) and the tab is visible. */
  readonly live: boolean;
  /** When the page's data last changed (or was first loaded); null before the first answer. */
  readonly updatedAt: Date | null;
}

/**
 * Keeps a page current while anything it shows is running: asks the cheap `changes` query every
 * `intervalMs` while its answer says something in `scope` runs and the tab is visible, and when the
 * token moves, refetches the page's queries. When nothing in scope runs any more, it stops asking.
 */
export function useLiveRefresh(scope: ChangeScope, options: { intervalMs?: number } = {}): LiveState {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const visible = useDocumentVisible();
  const intervalMs = options.intervalMs ?? LIVE_POLL_MS;
  const changes = useQuery(
    trpc.changes.queryOptions(scope, {
      staleTime: 0,
      retry: false,
      refetchInterval: (query) => (query.state.data?.running ? intervalMs : false),
      refetchIntervalInBackground: false,
      refetchOnWindowFocus: (query) => query.state.data?.running === true,
    }),
  );
  const scopeKey = JSON.stringify(scope);
  const seen = useRef<{ scopeKey: string; token: string } | null>(null);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const token = changes.data?.token;
  useEffect(() => {
    if (token === undefined) return;
    const previous = seen.current;
    seen.current = { scopeKey, token };
    if (previous?.scopeKey === scopeKey && previous.token === token) return;
    setUpdatedAt(new Date());
    // A new scope was just loaded by the page itself; only a moved token within one scope means stale data.
    if (previous?.scopeKey !== scopeKey) return;
    const changesPath = JSON.stringify(trpc.changes.pathKey()[0]);
    void queryClient.invalidateQueries({ predicate: (query) => JSON.stringify(query.queryKey[0]) !== changesPath });
  }, [token, scopeKey, queryClient, trpc]);
  return { live: changes.data?.running === true && visible, updatedAt };
}
