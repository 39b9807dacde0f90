/** What one request to the dashboard may ask for; anything larger is refused before it reaches a handler. */
export const REQUEST_LIMITS = {
  /** Procedures in one batched tRPC call (`?batch=1`); a page asks for a handful at a time. */
  maxBatchSize: 20,
  /** Characters in the request target (path and query). */
  maxUrlLength: 8_192,
  /** Bytes in a request body (only tRPC POSTs have one). */
  maxBodyBytes: 65_536,
  /** Bytes of all request headers together; above this Node itself answers 431. */
  maxHeaderBytes: 65_536,
} as const;
