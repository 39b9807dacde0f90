import { isParentMessage, type WorkerMessage } from "./messages";

export interface ParentLink {
  /** Aborted when the parent asks the worker to stop, or goes away (its IPC channel closes). */
  readonly stop: AbortSignal;
  /** Sends a message to the parent; dropped silently once the parent is gone. */
  send(message: WorkerMessage): void;
  /** Closes the channel (it would keep the process alive). */
  close(): void;
}

/**
 * The worker side of a pool: null unless this process was forked with an IPC channel. A worker whose
 * parent dies (even by SIGKILL) sees the channel close and stops, recording its run as interrupted,
 * rather than training on unattended.
 */
export function linkToParent(): ParentLink | null {
  if (!process.send) return null;
  const stop = new AbortController();
  // Forked, but the channel is closed already: the parent died while this worker was starting, before the
  // listener below could see it. Without this the worker went on alone, training the sweep unattended.
  if (!process.connected) stop.abort("parent gone");
  process.on("message", (message: unknown) => {
    if (isParentMessage(message)) stop.abort("stop");
  });
  process.on("disconnect", () => stop.abort("parent gone"));
  return {
    stop: stop.signal,
    send(message) {
      if (!process.connected || !process.send) return;
      process.send(message, undefined, {}, () => undefined);
    },
    close() {
      if (process.connected) process.disconnect();
    },
  };
}
