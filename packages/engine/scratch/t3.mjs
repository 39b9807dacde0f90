const tf = await import("@tensorflow/tfjs-core");
await import("@tensorflow/tfjs-backend-cpu");
try { await import("@tensorflow/tfjs-core/dist/register_all_gradients.js"); console.log("registered ESM grads"); } catch (e) { console.log("fail", e.message.slice(0, 200)); }
await tf.setBackend("cpu");
console.log(tf.grad((x) => tf.sum(tf.square(x)))(tf.tensor([1, 2])).dataSync());
