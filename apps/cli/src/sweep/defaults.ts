/** Heartbeats come every 3 s (and at each epoch end): 15 s of silence means the worker is gone. */
export const DEFAULT_STALE_SECONDS = 15;
