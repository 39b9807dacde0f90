import * as tf from "@tensorflow/tfjs-core";

/** The parts of tfjs-core's gradient tape this module reads (tfjs-core 4.x, `tape.ts` / `engine.ts`). */
interface TapeNode {
  readonly id: number;
  readonly kernelName: string;
  outputs: tf.Tensor[];
  inputs: Record<string, tf.Tensor>;
  readonly gradient?: (dys: Array<tf.Tensor | null>) => Record<string, () => tf.Tensor>;
  readonly saved?: tf.Tensor[];
}

interface EngineInternals {
  state: { activeTape: TapeNode[] | null; gradientDepth: number };
  scopedRun<T>(start: () => void, end: () => void, f: () => T): T;
  startTape(): void;
  endTape(): void;
  tidy<T extends tf.TensorContainer>(name: string, f: () => T): T;
  tidy<T extends tf.TensorContainer>(f: () => T): T;
  nextTensorId(): number;
  gradients: Gradients;
  frugalBackprop?: true;
}

type Gradients = (
  f: () => tf.Tensor,
  xs: tf.Tensor[],
  dy?: tf.Tensor,
  allowNoGradients?: boolean,
) => { value: tf.Tensor; grads: tf.Tensor[] };

/** The nodes on a path from one of `xs` to `y`, in tape order, each with only its inputs that depend on `xs`. */
function nodesFromXsToY(tape: readonly TapeNode[], xs: readonly tf.Tensor[], y: tf.Tensor): TapeNode[] {
  const fromX = new Set(xs.map((x) => x.id));
  const nodeFromX = new Set<number>();
  for (const node of tape) {
    if (Object.values(node.inputs).some((t) => fromX.has(t.id))) {
      nodeFromX.add(node.id);
      for (const out of node.outputs) fromX.add(out.id);
    }
  }
  const toY = new Set([y.id]);
  const nodeToY = new Set<number>();
  for (let i = tape.length - 1; i >= 0; i--) {
    const node = tape[i]!;
    if (node.outputs.some((out) => toY.has(out.id))) {
      nodeToY.add(node.id);
      for (const t of Object.values(node.inputs)) toY.add(t.id);
    }
  }
  const kept: TapeNode[] = [];
  for (const node of tape) {
    if (!nodeFromX.has(node.id) || !nodeToY.has(node.id)) continue;
    const inputs: Record<string, tf.Tensor> = {};
    for (const [name, t] of Object.entries(node.inputs)) if (fromX.has(t.id)) inputs[name] = t;
    kept.push({ ...node, inputs });
  }
  return kept;
}

/**
 * tfjs-core's backward pass with its memory returned as it goes. tfjs keeps every intermediate gradient and
 * every tensor a node saved for its gradient until the whole backward pass ends, so the pass peaks at the
 * forward activations plus a gradient of about the same size for each: the wasm heap of a ViT step was ≈ 2.5×
 * the forward's tensors. Here a node's output gradients are freed once the node has used them (its outputs have
 * no later consumers in reverse order), and its saved tensors once its gradient is computed. The arithmetic —
 * each node's gradient, the accumulation order, the `add` of two contributions — is tfjs-core's, unchanged, so
 * gradients are bit-identical (tested); only when memory is released differs.
 */
function backpropagateFrugally(
  engine: EngineInternals,
  grads: Map<number, tf.Tensor>,
  tape: readonly TapeNode[],
  keepIds: ReadonlySet<number>,
  firstBackwardId: number,
): void {
  const disposeSaved = engine.state.gradientDepth === 0;
  // how many entries of `grads` hold each tensor (a gradient function may pass dy through as dx)
  const holders = new Map<tf.Tensor, number>();
  const hold = (t: tf.Tensor, delta: number) => holders.set(t, (holders.get(t) ?? 0) + delta);
  for (const t of grads.values()) hold(t, 1);
  const freeable = (t: tf.Tensor) => t.id >= firstBackwardId && (holders.get(t) ?? 0) === 0 && !t.isDisposed;

  for (let i = tape.length - 1; i >= 0; i--) {
    const node = tape[i]!;
    const dys = node.outputs.map((o) => grads.get(o.id) ?? null);
    if (node.gradient === undefined) {
      throw new Error(`Cannot compute gradient: gradient function not found for ${node.kernelName}.`);
    }
    const inputGradients = node.gradient(dys);
    for (const [name, x] of Object.entries(node.inputs)) {
      const gradient = inputGradients[name];
      if (gradient === undefined) {
        throw new Error(
          `Cannot backprop through input ${name}. Available gradients found: ${Object.keys(inputGradients)}.`,
        );
      }
      const dx = engine.tidy(() => gradient());
      if (dx.dtype !== "float32") {
        throw new Error(
          `Error in gradient for op ${node.kernelName}. The gradient of input ${name} must have 'float32' dtype, but has '${dx.dtype}'`,
        );
      }
      if (!tf.util.arraysEqual(dx.shape, x.shape)) {
        throw new Error(
          `Error in gradient for op ${node.kernelName}. The gradient of input '${name}' has shape '${dx.shape}', which does not match the shape of the input '${x.shape}'`,
        );
      }
      const current = grads.get(x.id);
      if (current === undefined) {
        grads.set(x.id, dx);
        hold(dx, 1);
      } else {
        const sum = tf.add(current, dx);
        grads.set(x.id, sum);
        hold(sum, 1);
        hold(current, -1);
        if (freeable(current)) current.dispose();
        if (freeable(dx)) dx.dispose();
      }
    }
    for (const out of node.outputs) {
      const dy = grads.get(out.id);
      if (dy === undefined || keepIds.has(out.id)) continue;
      grads.delete(out.id);
      hold(dy, -1);
      if (freeable(dy)) dy.dispose();
    }
    // a node's saved tensors are kept clones made for it alone; free them unless one became a gradient
    if (disposeSaved) for (const t of node.saved ?? []) if ((holders.get(t) ?? 0) === 0) t.dispose();
  }
}

/**
 * Replaces the engine's `gradients` (behind tf.grad, tf.grads, tf.variableGrads, tf.valueAndGrads) with one
 * that frees memory during the backward pass (see {@link backpropagateFrugally}). Idempotent.
 */
export function installFrugalBackprop(): void {
  const engine = tf.engine() as unknown as EngineInternals;
  if (engine.frugalBackprop) return;
  tfjsGradients ??= engine.gradients;
  const gradients: Gradients = function (this: EngineInternals, f, xs, dy, allowNoGradients = false) {
    if (xs.length === 0) throw new Error("gradients() received an empty list of xs.");
    if (dy != null && dy.dtype !== "float32") throw new Error(`dy must have 'float32' dtype, but has '${dy.dtype}'`);
    const y = this.scopedRun(
      () => this.startTape(),
      () => this.endTape(),
      () => this.tidy("forward", f),
    );
    if (!(y instanceof tf.Tensor)) throw new Error("The result y returned by f() must be a tensor.");
    const tape = nodesFromXsToY(this.state.activeTape ?? [], xs, y);
    if (!allowNoGradients && tape.length === 0) {
      throw new Error(
        "Cannot compute gradient of y=f(x) with respect to x. Make sure that the f you passed encloses all operations that lead from x to y.",
      );
    }
    return this.tidy("backward", () => {
      const firstBackwardId = this.nextTensorId();
      const grads = new Map<number, tf.Tensor>([[y.id, dy ?? tf.ones(y.shape)]]);
      backpropagateFrugally(this, grads, tape, new Set(xs.map((x) => x.id)), firstBackwardId);
      const result = xs.map((x) => grads.get(x.id)) as tf.Tensor[];
      if (this.state.gradientDepth === 0) {
        for (const node of this.state.activeTape ?? []) for (const t of node.saved ?? []) t.dispose();
        this.state.activeTape = null;
      }
      return { value: y, grads: result };
    });
  };
  engine.gradients = gradients;
  engine.frugalBackprop = true;
}

let tfjsGradients: Gradients | undefined;

/** Puts tfjs-core's own backward pass back (tests compare the two). */
export function uninstallFrugalBackprop(): void {
  const engine = tf.engine() as unknown as EngineInternals;
  if (!engine.frugalBackprop || tfjsGradients === undefined) return;
  engine.gradients = tfjsGradients;
  delete engine.frugalBackprop;
}
