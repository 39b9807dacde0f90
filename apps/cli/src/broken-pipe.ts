/**
 * `seedscope runs list | head`: once the reader has gone, writes fail with EPIPE. Without a listener that
 * error is thrown as an uncaught exception (a stack trace on stderr); with this one, later output is
 * dropped and the command ends normally (closing the store).
 */
export function quietOnBrokenPipe(stream: NodeJS.WriteStream): void {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") return;
    throw error;
  });
}
