import { createRequire } from "node:module";

/** Node's own `import()`, untouched by bundlers and test runners (see native-import.cjs). */
export const nativeImport = createRequire(import.meta.url)("./native-import.cjs") as (
  specifier: string,
) => Promise<unknown>;
