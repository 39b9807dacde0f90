/** The backends seedscope can run on, in the order an automatic choice tries them. */
export const BACKEND_NAMES = ["tensorflow-gpu", "tensorflow", "wasm", "cpu"] as const;

export type BackendName = (typeof BACKEND_NAMES)[number];

/** The npm package that provides each backend, and the name tfjs registers it under. */
export const BACKEND_PACKAGES: Readonly<
  Record<BackendName, { readonly packageName: string; readonly tfjsName: string }>
> = {
  "tensorflow-gpu": { packageName: "@tensorflow/tfjs-node-gpu", tfjsName: "tensorflow" },
  tensorflow: { packageName: "@tensorflow/tfjs-node", tfjsName: "tensorflow" },
  wasm: { packageName: "@tensorflow/tfjs-backend-wasm", tfjsName: "wasm" },
  cpu: { packageName: "@tensorflow/tfjs-backend-cpu", tfjsName: "cpu" },
};

export function isBackendName(value: string): value is BackendName {
  return (BACKEND_NAMES as readonly string[]).includes(value);
}
