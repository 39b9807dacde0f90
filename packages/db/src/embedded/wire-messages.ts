/**
 * Just enough of the PostgreSQL wire protocol to find message boundaries: every message after start-up is
 * a type byte and an int32 length that counts itself; the start-up message has no type byte.
 */
export class MessageReader {
  private buffer: Buffer = Buffer.alloc(0);

  push(chunk: Uint8Array): void {
    this.buffer = this.buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffer, chunk]);
  }

  /** The next complete `type + length + body` message, or null until more bytes arrive. */
  nextTyped(): Uint8Array | null {
    if (this.buffer.length < 5) return null;
    return this.take(1 + this.buffer.readInt32BE(1));
  }

  /** The next complete `length + body` message (start-up, SSL request, cancel request). */
  nextUntyped(): Uint8Array | null {
    if (this.buffer.length < 4) return null;
    return this.take(this.buffer.readInt32BE(0));
  }

  private take(size: number): Uint8Array | null {
    if (this.buffer.length < size) return null;
    const message = this.buffer.subarray(0, size);
    this.buffer = this.buffer.subarray(size);
    return message;
  }
}

function typedMessage(type: string, body: Buffer): Uint8Array {
  const message = Buffer.alloc(5 + body.length);
  message.write(type, 0, "ascii");
  message.writeInt32BE(4 + body.length, 1);
  body.copy(message, 5);
  return message;
}

const cString = (text: string) => Buffer.concat([Buffer.from(text, "utf8"), Buffer.from([0])]);

export const syncMessage = (): Uint8Array => typedMessage("S", Buffer.alloc(0));
export const simpleQueryMessage = (sql: string): Uint8Array => typedMessage("Q", cString(sql));
export const copyFailMessage = (reason: string): Uint8Array => typedMessage("f", cString(reason));

/** An ErrorResponse (SQLSTATE `code`) followed by ReadyForQuery with the given transaction status. */
export function errorReply(code: string, text: string, status: "I" | "T" | "E"): Uint8Array {
  const fields = Buffer.concat([
    Buffer.from("S"),
    cString("ERROR"),
    Buffer.from("V"),
    cString("ERROR"),
    Buffer.from("C"),
    cString(code),
    Buffer.from("M"),
    cString(text),
    Buffer.from([0]),
  ]);
  return Buffer.concat([typedMessage("E", fields), typedMessage("Z", Buffer.from(status, "ascii"))]);
}

const COPY_FROM_STDIN = /^\s*copy\b[^;]*\bfrom\s+stdin\b/i;

/** PGlite's backend exits on `COPY … FROM STDIN` sent over the wire protocol, so such a query is refused. */
export function isCopyFromStdin(message: Uint8Array): boolean {
  const type = message[0];
  if (type !== 0x51 /* Query */ && type !== 0x50 /* Parse */) return false;
  const body = Buffer.from(message.buffer, message.byteOffset + 5, message.byteLength - 5);
  // Parse starts with the statement name (a C string) before the query text.
  const start = type === 0x50 ? body.indexOf(0) + 1 : 0;
  const end = body.indexOf(0, start);
  return COPY_FROM_STDIN.test(body.toString("utf8", start, end < 0 ? undefined : end));
}
