"use client";
import type { LiveState } from "./use-live-refresh";

/** "● live · updated 14:02:07" while a page follows running work; nothing once it stopped. */
export function LiveIndicator({ state }: { state: LiveState }) {
  if (!state.live) return null;
  const at = state.updatedAt?.toLocaleTimeString("en-GB") ?? "…";
  return (
    <span
      className="badge status-running"
      data-testid="live-indicator"
      title="Something on this page is still running: it refreshes itself every few seconds while this tab is open."
    >
      ● live · updated {at}
    </span>
  );
}
