/** A plain Uint8Array view (not a Node Buffer, whose slice() does not copy) on the same memory. */
export function plainBytes(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
