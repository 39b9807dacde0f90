import { register } from "node:module";
const tf = await import("@tensorflow/tfjs-core");
register(new URL("./hooks.mjs", import.meta.url));
const t0 = performance.now();
await import("@tensorflow/tfjs-core/dist/register_all_gradients.js");
console.log("grads loaded in", performance.now() - t0);
