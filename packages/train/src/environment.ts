import { execFileSync } from "node:child_process";
import { cpus, platform, release } from "node:os";
import type { DatasetFingerprint } from "@seedscope/data";
import type { BackendInfo } from "@seedscope/engine";
import { softwareFingerprint } from "./fingerprint";

export interface CodeVersion {
  readonly gitCommit: string | null;
  readonly gitDirty: boolean | null;
}

function git(args: string[], cwd: string): string | null {
  try {
    return execFileSync("git", args, {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 10_000,
    }).trim();
  } catch {
    return null;
  }
}

/** The commit the code runs from and whether the working tree has uncommitted changes (null outside git). */
export function codeVersion(cwd = process.cwd()): CodeVersion {
  const commit = git(["rev-parse", "HEAD"], cwd);
  if (commit === null) return { gitCommit: null, gitDirty: null };
  const status = git(["status", "--porcelain", "--untracked-files=no"], cwd);
  return { gitCommit: commit, gitDirty: status === null ? null : status.length > 0 };
}

/**
 * What a reader needs to know about where a run ran and on what data (stored as the run's environment
 * JSON): the backend, the numerics packages and the lockfile, the CPU and its SIMD features, and the
 * dataset's fingerprint. `seedscope diff` and `rerun` compare these field by field.
 */
export function runEnvironment(backend: BackendInfo, data?: DatasetFingerprint): Record<string, unknown> {
  const software = softwareFingerprint();
  return {
    node: process.version,
    platform: `${platform()} ${release()}`,
    tfjs: backend.tfjsCoreVersion,
    backend: backend.name,
    backendPackage: backend.packageName,
    threads: backend.threads,
    simd: backend.simd,
    cpu: backend.device.cpuModel || cpus()[0]?.model || "unknown",
    cpuCount: backend.device.cpuCount,
    accelerator: backend.device.accelerator,
    backendsTried: backend.failed.map((f) => `${f.name}: ${f.reason}`),
    os: software.os,
    cpuFeatures: software.cpuFeatures,
    packages: software.packages,
    lockfileHash: software.lockfileHash,
    ...(data === undefined ? {} : { data }),
  };
}
