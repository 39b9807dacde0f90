import { isIP } from "node:net";

const unbracket = (host: string) => host.replace(/^\[(.*)\]$/, "$1").toLowerCase();

/** Whether an address the dashboard binds to keeps it to this machine (localhost, 127.x.x.x, ::1). */
export function isLoopbackAddress(address: string): boolean {
  const host = unbracket(address.trim());
  if (host === "localhost" || host === "::1" || host === "0:0:0:0:0:0:0:1") return true;
  if (host.startsWith("::ffff:")) return isLoopbackAddress(host.slice("::ffff:".length));
  return isIP(host) === 4 && host.startsWith("127.");
}

/** The host part of a Host header ("localhost:3000" → "localhost", "[::1]:3000" → "[::1]"), or null if malformed. */
function hostOf(header: string): string | null {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(header.trim());
  return match ? match[1]!.toLowerCase() : null;
}

/** The names a browser on this machine uses for a loopback-bound dashboard, any port. */
export const LOOPBACK_HOST_NAMES: readonly string[] = ["localhost", "127.0.0.1", "[::1]"];

/**
 * Whether a request to a loopback-bound dashboard names it as this machine does. A page on another site
 * whose domain was re-pointed at 127.0.0.1 (DNS rebinding) sends its own name in Host and is refused.
 */
export function isAllowedHostHeader(header: string | undefined, boundAddress: string): boolean {
  if (header === undefined) return false;
  const host = hostOf(header);
  if (host === null) return false;
  const bound = unbracket(boundAddress);
  const boundName = bound.includes(":") ? `[${bound}]` : bound;
  return LOOPBACK_HOST_NAMES.includes(host) || host === boundName;
}
