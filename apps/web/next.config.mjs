import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** @type {import('next').NextConfig} */
const config = {
  // `npm test` type-checks these files with the rest of the project; no second pass during the build.
  typescript: { ignoreBuildErrors: true },
  turbopack: { root: repoRoot },
  outputFileTracingRoot: repoRoot,
  poweredByHeader: false,
  // Workspace packages ship TypeScript sources.
  transpilePackages: ["@seedscope/core", "@seedscope/stats"],
  reactStrictMode: true,
};

export default config;
