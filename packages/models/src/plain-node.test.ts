import { expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { fakeImages, makeModel } from "./test-support";
import { listArchitectures } from "./registry";

// No setupCpu(): Node's tfjs-core bundle has no chained ops (x.add(…)); the models must not need them.
it("every architecture runs forward on the bare tfjs-core CommonJS bundle", async () => {
  await tf.setBackend("cpu");
  expect((tf.Tensor.prototype as { add?: unknown }).add).toBeUndefined();
  const x = fakeImages(2, 8);
  for (const { name } of listArchitectures()) {
    const m = makeModel(name, 8, 0, { widthScale: 0.5 });
    const drops = m.branches.map((_, i) =>
      i % 2 ? { kind: "subset" as const, indices: Int32Array.from([1]), scale: 2 } : { kind: "keep" as const },
    );
    tf.dispose([m.forward(x, { training: true, drops }), m.forward(x, { training: false })]);
    m.dispose();
  }
});
