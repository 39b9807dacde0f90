import superjson from "superjson";

/** The dashboard's tRPC API over plain HTTP, as the browser calls it (GET, superjson-encoded input). */
export function apiUrl(base: string, procedure: string, input?: unknown): string {
  const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
  return `${base}/api/trpc/${procedure}${query}`;
}

/** What a query returned, decoded (Dates, NaN) exactly as the dashboard's client decodes it. */
export async function apiQuery<T>(base: string, procedure: string, input?: unknown): Promise<T> {
  const response = await fetch(apiUrl(base, procedure, input));
  const body = (await response.json()) as {
    result?: { data: Parameters<typeof superjson.deserialize>[0] };
    error?: unknown;
  };
  if (!response.ok || !body.result)
    throw new Error(`${procedure} failed (${response.status}): ${JSON.stringify(body.error)}`);
  return superjson.deserialize<T>(body.result.data);
}
