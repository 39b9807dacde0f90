import { createServer, type Server, type Socket } from "node:net";
import type { PGlite } from "@electric-sql/pglite";
import {
  copyFailMessage,
  errorReply,
  isCopyFromStdin,
  MessageReader,
  simpleQueryMessage,
  syncMessage,
} from "./wire-messages";

/**
 * Serves one PGlite database to many PostgreSQL clients over the wire protocol.
 *
 * PGlite is a single backend, so connections take turns. Unlike a per-message queue, a connection keeps the
 * backend from its first message until the backend reports "idle, not in a transaction" (ReadyForQuery 'I'):
 * an extended-protocol query (Parse … Sync) or a whole transaction never interleaves with another
 * connection's messages, and an error in one connection's query cannot swallow another's.
 */
export interface WireServerOptions {
  readonly db: PGlite;
  /** A Unix socket path, or a loopback TCP port (0 = any free port). */
  readonly listen: { readonly path: string } | { readonly host: string; readonly port: number };
  /** A connection that holds the backend inside a transaction and sends nothing for this long is dropped. */
  readonly idleInTransactionMs?: number;
}

export interface WireServer {
  /** The address clients connect to: a socket path, or `host:port`. */
  readonly address: string;
  readonly connections: () => number;
  close(): Promise<void>;
}

export async function startWireServer(options: WireServerOptions): Promise<WireServer> {
  const backend = new BackendTurns(options.db, options.idleInTransactionMs ?? 60_000);
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    backend.attach(socket);
  });
  await listen(server, options.listen);
  const address = server.address();
  const printable =
    typeof address === "string" ? address : address === null ? "" : `${address.address}:${address.port}`;
  return {
    address: printable,
    connections: () => sockets.size,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      await backend.drain();
    },
  };
}

function listen(server: Server, where: WireServerOptions["listen"]): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    const done = () => {
      server.off("error", reject);
      resolve();
    };
    if ("path" in where) server.listen(where.path, done);
    else server.listen(where.port, where.host, done);
  });
}

const COPY_REFUSED =
  "COPY FROM STDIN is not supported by the embedded store: insert the rows with INSERT … SELECT FROM unnest(…)";
const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

/** One client connection: its parsed messages wait here until it holds the backend. */
class Connection {
  readonly pending: Uint8Array[] = [];
  readonly reader = new MessageReader();
  readonly replies = new MessageReader();
  startupDone = false;
  closed = false;
  /** The backend's transaction status after this connection's last ReadyForQuery. */
  status: "I" | "T" | "E" = "I";
  /** Inside an exchange: a message sent since the backend's last ReadyForQuery (e.g. Parse … before Sync). */
  midExchange = false;
  /** The backend waits for this connection's COPY data. */
  inCopy = false;
  lastMessageAt = Date.now();

  constructor(readonly socket: Socket) {}
}

/** Hands the single PGlite backend to one connection at a time. */
class BackendTurns {
  private holder: Connection | null = null;
  private readonly waiting: Connection[] = [];
  private running: Promise<void> = Promise.resolve();
  /** Set once the server closes: nothing more reaches the backend, which is about to close too. */
  private stopped = false;
  private readonly idleTimer: NodeJS.Timeout;

  constructor(
    private readonly db: PGlite,
    private readonly idleInTransactionMs: number,
  ) {
    this.idleTimer = setInterval(() => this.dropIdleHolder(), Math.max(250, Math.min(5_000, idleInTransactionMs / 4)));
    this.idleTimer.unref();
  }

  attach(socket: Socket): void {
    const connection = new Connection(socket);
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.receive(connection, chunk));
    socket.on("error", () => this.detach(connection));
    socket.on("close", () => this.detach(connection));
  }

  async drain(): Promise<void> {
    clearInterval(this.idleTimer);
    this.stopped = true;
    await this.running;
  }

  private receive(connection: Connection, chunk: Buffer): void {
    connection.reader.push(chunk);
    for (;;) {
      const message = connection.startupDone ? connection.reader.nextTyped() : connection.reader.nextUntyped();
      if (message === null) break;
      if (!connection.startupDone && this.answersPreStartup(connection, message)) continue;
      connection.startupDone = true;
      if (message[0] === 0x58 /* Terminate */) {
        connection.socket.end();
        return;
      }
      connection.pending.push(message);
    }
    connection.lastMessageAt = Date.now();
    this.schedule(connection);
  }

  /** SSL/GSS negotiation is refused (the socket is local); a cancel request is not supported. */
  private answersPreStartup(connection: Connection, message: Uint8Array): boolean {
    if (message.length < 8) return false;
    const code = new DataView(message.buffer, message.byteOffset, message.byteLength).getInt32(4);
    if (code === SSL_REQUEST || code === GSS_REQUEST) {
      connection.socket.write("N");
      return true;
    }
    if (code === CANCEL_REQUEST) {
      connection.socket.end();
      return true;
    }
    return false;
  }

  private schedule(connection: Connection): void {
    if (connection.pending.length === 0 || connection.closed) return;
    if (this.holder === connection) {
      this.pump();
      return;
    }
    if (!this.waiting.includes(connection)) this.waiting.push(connection);
    if (this.holder === null) this.handOver();
  }

  private handOver(): void {
    while (this.holder === null && this.waiting.length > 0) {
      const next = this.waiting.shift()!;
      if (next.closed || next.pending.length === 0) continue;
      this.holder = next;
      this.pump();
    }
  }

  /** Runs the holder's pending messages one by one; they never overlap with anything else. */
  private pump(): void {
    this.running = this.running.then(async () => {
      const connection = this.holder;
      if (connection === null || this.stopped) return;
      while (connection.pending.length > 0 && !connection.closed && !this.stopped) {
        const message = connection.pending.shift()!;
        const reply = isCopyFromStdin(message)
          ? errorReply("0A000", COPY_REFUSED, connection.status === "I" ? "I" : "E")
          : await this.db.execProtocolRaw(message, { throwOnError: false });
        connection.midExchange = true;
        this.observe(connection, reply);
        connection.lastMessageAt = Date.now();
        if (!connection.socket.destroyed && reply.length > 0) connection.socket.write(reply);
      }
      if (this.holder === connection && (connection.closed || this.idle(connection))) {
        if (connection.closed && !this.stopped) await this.resetAfter(connection);
        this.holder = null;
        if (connection.pending.length > 0 && !connection.closed) this.waiting.push(connection);
        this.handOver();
      }
    });
  }

  private idle(connection: Connection): boolean {
    return !connection.midExchange && connection.status === "I";
  }

  private observe(connection: Connection, reply: Uint8Array): void {
    connection.replies.push(reply);
    for (;;) {
      const message = connection.replies.nextTyped();
      if (message === null) break;
      if (message[0] === 0x5a /* ReadyForQuery */) {
        connection.status = String.fromCharCode(message[5]!) as Connection["status"];
        connection.midExchange = false;
        connection.inCopy = false;
      } else if (message[0] === 0x47 /* CopyInResponse */) {
        connection.inCopy = true;
      }
    }
  }

  private detach(connection: Connection): void {
    if (connection.closed) return;
    connection.closed = true;
    connection.pending.length = 0;
    const queued = this.waiting.indexOf(connection);
    if (queued >= 0) this.waiting.splice(queued, 1);
    if (this.holder === connection) this.pump();
  }

  /** A connection that left mid-query or mid-transaction: end the exchange and roll back what it began. */
  private async resetAfter(connection: Connection): Promise<void> {
    const run = async (message: Uint8Array) =>
      this.observe(connection, await this.db.execProtocolRaw(message, { throwOnError: false }));
    if (connection.inCopy) await run(copyFailMessage("the client disconnected"));
    if (connection.midExchange) await run(syncMessage());
    if (connection.status !== "I") await run(simpleQueryMessage("ROLLBACK"));
  }

  private dropIdleHolder(): void {
    const holder = this.holder;
    if (holder === null || holder.pending.length > 0) return;
    if (Date.now() - holder.lastMessageAt < this.idleInTransactionMs) return;
    holder.socket.destroy();
    this.detach(holder);
  }
}
