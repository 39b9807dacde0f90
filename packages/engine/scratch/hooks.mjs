import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
const marker = "/@tensorflow/tfjs-core/dist/";
export async function resolve(specifier, context, next) {
  const parent = context.parentURL;
  if (parent !== undefined && parent.includes(marker) && specifier.startsWith(".") && !specifier.endsWith(".js")) {
    const asFile = new URL(specifier + ".js", parent);
    const url = existsSync(fileURLToPath(asFile)) ? asFile : new URL(specifier + "/index.js", parent);
    return { url: url.href, format: "module", shortCircuit: true };
  }
  return next(specifier, context);
}
export async function load(url, context, next) {
  if (url.includes(marker) && url.endsWith(".js")) return next(url, { ...context, format: "module" });
  return next(url, context);
}
