/**
 * A run's resumable state: model tensors (BatchNorm statistics included), optimizer state and progress.
 * Binary layout: u32 header length, UTF-8 JSON header, zero padding to 4 bytes, then the float32 data
 * of every tensor in header order. Random streams need no saving: every draw is derived from
 * (seed, epoch, step), so progress is all a resume needs.
 */
export interface TrainingState {
  readonly epochsDone: number;
  readonly weights: Map<string, Float32Array>;
  readonly optimizer: Map<string, Float32Array>;
}

interface Header {
  format: 1;
  epochsDone: number;
  weights: [string, number][];
  optimizer: [string, number][];
}

export function encodeCheckpoint(state: TrainingState): Uint8Array {
  const header: Header = {
    format: 1,
    epochsDone: state.epochsDone,
    weights: [...state.weights].map(([name, v]) => [name, v.length]),
    optimizer: [...state.optimizer].map(([name, v]) => [name, v.length]),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const dataStart = Math.ceil((4 + json.length) / 4) * 4;
  const floats = [...state.weights.values(), ...state.optimizer.values()];
  const total = floats.reduce((n, v) => n + v.length, 0);
  const bytes = new Uint8Array(dataStart + total * 4);
  new DataView(bytes.buffer).setUint32(0, json.length, true);
  bytes.set(json, 4);
  const data = new Float32Array(bytes.buffer, dataStart, total);
  let offset = 0;
  for (const v of floats) {
    data.set(v, offset);
    offset += v.length;
  }
  return bytes;
}

export function decodeCheckpoint(bytes: Uint8Array): TrainingState {
  const copy = bytes.slice(); // own, aligned buffer
  const view = new DataView(copy.buffer);
  const jsonLength = view.getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(copy.subarray(4, 4 + jsonLength))) as Header;
  if (header.format !== 1) throw new Error(`unknown checkpoint format ${String(header.format)}`);
  let offset = Math.ceil((4 + jsonLength) / 4) * 4;
  const read = (entries: [string, number][]) =>
    new Map(
      entries.map(([name, length]) => {
        const v = new Float32Array(copy.buffer, offset, length);
        offset += length * 4;
        return [name, v] as const;
      }),
    );
  const weights = read(header.weights);
  const optimizer = read(header.optimizer);
  return { epochsDone: header.epochsDone, weights, optimizer };
}
