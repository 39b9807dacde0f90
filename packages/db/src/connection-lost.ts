const LOST_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOENT", // the embedded store's socket is gone while its owner changes
  "EPIPE",
  "ETIMEDOUT",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up)
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "P1001", // Prisma: can't reach the database server
  "P1017", // Prisma: the server closed the connection
]);

const LOST_MESSAGES = [
  "ECONNREFUSED",
  "ECONNRESET",
  "Connection terminated",
  "connection timeout",
  "Client has encountered a connection error",
  "the database system is starting up",
  "the database system is shutting down",
];

/** Whether an error means the connection to the store broke (worth retrying), not that the SQL failed. */
export function isConnectionLost(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 3) return false;
  const { code, message, cause } = error as { code?: unknown; message?: unknown; cause?: unknown };
  if (typeof code === "string" && LOST_CODES.has(code)) return true;
  if (typeof message === "string") {
    if (LOST_MESSAGES.some((m) => message.includes(m))) return true;
    // Prisma wraps a driver error as "Database error. Code: `57P01`. Message: …".
    const wrapped = /Code: `(\w+)`/.exec(message)?.[1];
    if (wrapped !== undefined && LOST_CODES.has(wrapped)) return true;
  }
  return isConnectionLost(cause, depth + 1);
}
