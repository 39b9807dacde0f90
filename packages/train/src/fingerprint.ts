import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { arch, platform, release } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The packages whose versions can change a run's numbers. */
const NUMERIC_PACKAGES = [
  "@tensorflow/tfjs-core",
  "@tensorflow/tfjs-backend-cpu",
  "@tensorflow/tfjs-backend-wasm",
  "@tensorflow/tfjs-node",
] as const;

/** CPU flags that decide which SIMD kernels a backend runs (x86 and Arm). */
const SIMD_FLAGS = [
  "sse4_1",
  "sse4_2",
  "avx",
  "avx2",
  "fma",
  "f16c",
  "avx512f",
  "avx512bw",
  "avx512vl",
  "avx512_vnni",
  "amx_tile",
  "asimd",
  "sve",
  "neon",
] as const;

/** What, besides the backend, can change a run's numbers on this machine. */
export interface SoftwareFingerprint {
  /** sha256 of the package-lock.json seedscope runs from, or null when there is none. */
  readonly lockfileHash: string | null;
  /** Installed version of each numerics package (null: not installed). */
  readonly packages: Readonly<Record<string, string | null>>;
  readonly os: string;
  /** The CPU's SIMD features, as the kernel reports them (empty where /proc/cpuinfo is missing). */
  readonly cpuFeatures: readonly string[];
}

const require = createRequire(import.meta.url);

function installedVersion(name: string): string | null {
  try {
    const path = require.resolve(`${name}/package.json`);
    return (JSON.parse(readFileSync(path, "utf8")) as { version?: string }).version ?? null;
  } catch {
    return null;
  }
}

/** The nearest package-lock.json above this module: the lockfile of the installed seedscope. */
function lockfileHash(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "package-lock.json");
    if (existsSync(candidate)) return createHash("sha256").update(readFileSync(candidate)).digest("hex");
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function cpuFeatures(): string[] {
  try {
    const info = readFileSync("/proc/cpuinfo", "utf8");
    const line = /^(?:flags|Features)\s*:\s*(.*)$/m.exec(info)?.[1] ?? "";
    const flags = new Set(line.split(/\s+/));
    return SIMD_FLAGS.filter((f) => flags.has(f));
  } catch {
    return [];
  }
}

let cached: SoftwareFingerprint | null = null;

/** This process's software fingerprint (computed once: it cannot change while the process runs). */
export function softwareFingerprint(): SoftwareFingerprint {
  cached ??= {
    lockfileHash: lockfileHash(),
    packages: Object.fromEntries(NUMERIC_PACKAGES.map((name) => [name, installedVersion(name)])),
    os: `${platform()} ${release()} ${arch()}`,
    cpuFeatures: cpuFeatures(),
  };
  return cached;
}
