import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { AdamFamily, type AdamFamilyOptions } from "./adam-family";
import { HostAdamFamily } from "./host-adam-family";
import { HostSgd } from "./host-sgd";
import type { Optimizer, OptimizedParameter } from "./optimizer";
import { Sgd, type SgdOptions } from "./sgd";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const param = (values: number[], weightDecay = true) => ({
  name: "w",
  variable: tf.variable(tf.tensor1d(values)),
  weightDecay,
});
const values = (v: tf.Variable) => [...v.dataSync()];

// Each implementation (tensor ops, and plain loops for backends whose tensors live in this process) must
// pass every hand-computed case.
const IMPLEMENTATIONS = [
  {
    name: "tensor ops",
    adam: (ps: OptimizedParameter[], o: AdamFamilyOptions): Optimizer => new AdamFamily(ps, o),
    sgd: (ps: OptimizedParameter[], o: SgdOptions): Optimizer => new Sgd(ps, o),
  },
  {
    name: "host loops",
    adam: (ps: OptimizedParameter[], o: AdamFamilyOptions): Optimizer => new HostAdamFamily(ps, o),
    sgd: (ps: OptimizedParameter[], o: SgdOptions): Optimizer => new HostSgd(ps, o),
  },
] as const;

describe.each(IMPLEMENTATIONS)("optimizers ($name) against hand-computed steps", ({ adam: makeAdam, sgd: makeSgd }) => {
  it("AdamW: bias-corrected first step moves each weight by lr·sign(g), plus decoupled decay", () => {
    const p = param([1, -2]);
    const adam = makeAdam([p], { betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0.1, layerwiseTrustRatio: false });
    adam.step([tf.tensor1d([0.5, -3])], 0.01);
    // m̂ = g, v̂ = g², update = g/|g| + 0.1·w
    expect(values(p.variable)[0]).toBeCloseTo(1 - 0.01 * (1 + 0.1), 6);
    expect(values(p.variable)[1]).toBeCloseTo(-2 - 0.01 * (-1 - 0.2), 6);
    adam.step([tf.tensor1d([0.5, -3])], 0.01);
    expect(adam.getState().get("step")![0]).toBe(2);
  });

  it("LAMB scales a decayed tensor's update by ‖w‖/‖update‖, and leaves undecayed tensors at ratio 1", () => {
    const p = param([3, 4]);
    const lamb = makeAdam([p], { betas: [0.9, 0.999], eps: 1e-12, weightDecay: 0.1, layerwiseTrustRatio: true });
    lamb.step([tf.tensor1d([1, 1])], 0.1);
    // update u = g/|g| + 0.1·w = [1.3, 1.4], ‖w‖ = 5 → w − 0.1·(5/‖u‖)·u
    const ratio = 5 / Math.hypot(1.3, 1.4);
    expect(values(p.variable)).toEqual([
      expect.closeTo(3 - 0.1 * ratio * 1.3, 5),
      expect.closeTo(4 - 0.1 * ratio * 1.4, 5),
    ]);
    const bias = param([3, 4], false);
    makeAdam([bias], { betas: [0.9, 0.999], eps: 1e-12, weightDecay: 0.5, layerwiseTrustRatio: true }).step(
      [tf.tensor1d([1, 1])],
      0.1,
    );
    expect(values(bias.variable)).toEqual([expect.closeTo(2.9, 5), expect.closeTo(3.9, 5)]);
  });

  it("SGD with Nesterov momentum and coupled weight decay follows PyTorch's update", () => {
    const p = param([1]);
    const sgd = makeSgd([p], { momentum: 0.9, nesterov: true, weightDecay: 0.01 });
    sgd.step([tf.tensor1d([0.5])], 0.1);
    // g' = 0.5 + 0.01 = 0.51, buf = 0.51, step = g' + 0.9·buf = 0.969
    expect(values(p.variable)[0]).toBeCloseTo(1 - 0.0969, 6);
    sgd.step([tf.tensor1d([0.5])], 0.1);
    const w1 = 1 - 0.0969;
    const g2 = 0.5 + 0.01 * w1;
    const buf2 = 0.9 * 0.51 + g2;
    expect(values(p.variable)[0]).toBeCloseTo(w1 - 0.1 * (g2 + 0.9 * buf2), 6);
  });

  it("restores its state exactly", () => {
    const p = param([1, 2]);
    const a = makeAdam([p], { betas: [0.9, 0.99], eps: 1e-8, weightDecay: 0, layerwiseTrustRatio: false });
    a.step([tf.tensor1d([0.3, -0.1])], 0.01);
    const q = param([...p.variable.dataSync()]);
    const b = makeAdam([q], { betas: [0.9, 0.99], eps: 1e-8, weightDecay: 0, layerwiseTrustRatio: false });
    b.setState(a.getState());
    a.step([tf.tensor1d([0.2, 0.4])], 0.01);
    b.step([tf.tensor1d([0.2, 0.4])], 0.01);
    expect(values(q.variable)).toEqual(values(p.variable));
  });
});

describe("host-loop optimizers follow the tensor-op ones", () => {
  const randomValues = (n: number, seed: number) =>
    Array.from({ length: n }, (_, i) => Math.sin(1.7 * i + seed) * (1 + (i % 3)));
  const run = (make: (ps: OptimizedParameter[]) => Optimizer) => {
    const ps = [param(randomValues(40, 1)), param(randomValues(7, 2), false)];
    const opt = make(ps);
    for (let step = 0; step < 6; step++) {
      opt.step(
        ps.map((_, k) => tf.tensor1d(randomValues(ps[k]!.variable.size, 10 * step + k))),
        0.05,
      );
    }
    return ps.map((p) => values(p.variable));
  };
  const lamb: AdamFamilyOptions = { betas: [0.9, 0.999], eps: 1e-6, weightDecay: 0.02, layerwiseTrustRatio: true };
  const sgd: SgdOptions = { momentum: 0.9, nesterov: true, weightDecay: 5e-4 };

  it.each([
    [
      "LAMB",
      (ps: OptimizedParameter[]) => new AdamFamily(ps, lamb),
      (ps: OptimizedParameter[]) => new HostAdamFamily(ps, lamb),
    ],
    [
      "Nesterov SGD",
      (ps: OptimizedParameter[]) => new Sgd(ps, sgd),
      (ps: OptimizedParameter[]) => new HostSgd(ps, sgd),
    ],
  ])("%s: six steps agree to float32 rounding", (_, tensorOps, hostLoops) => {
    const [a, b] = [run(tensorOps), run(hostLoops)];
    a.forEach((weights, k) => weights.forEach((w, j) => expect(b[k]![j]).toBeCloseTo(w, 5)));
  });
});
