import type { RunStatus } from "@seedscope/core";
import type { BackendName } from "@seedscope/engine";

/*
 * Lists that option help texts name, copied here so that registering the commands loads neither
 * @seedscope/engine (TensorFlow.js, ≈ 1 s) nor zod (through @seedscope/core, ≈ 0.3 s): every `seedscope`
 * invocation registers every command. The types below fail to compile when a value is added to or removed
 * from the packages' lists, and help-names.test.ts checks the order too.
 */

/** @seedscope/engine's BACKEND_NAMES, in its order. */
export const BACKEND_NAMES = ["tensorflow-gpu", "tensorflow", "wasm", "cpu"] as const satisfies readonly BackendName[];

/** @seedscope/core's RUN_STATUSES, in its order. */
export const RUN_STATUSES = [
  "queued",
  "running",
  "finished",
  "failed",
  "diverged",
  "interrupted",
] as const satisfies readonly RunStatus[];

/** `true` when `Listed` names every member of `All`. */
type CoversAll<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : false;
true satisfies CoversAll<BackendName, (typeof BACKEND_NAMES)[number]>;
true satisfies CoversAll<RunStatus, (typeof RUN_STATUSES)[number]>;
