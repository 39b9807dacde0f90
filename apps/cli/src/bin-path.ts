import { fileURLToPath } from "node:url";

/** The `seedscope` executable, for spawning worker processes. */
export const SEEDSCOPE_BIN = fileURLToPath(new URL("../bin/seedscope.js", import.meta.url));
