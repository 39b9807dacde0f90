import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** The Next.js app's folder (apps/web). */
export const WEB_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const BUILD_DIR = join(WEB_DIR, ".next");
const STAMP = join(BUILD_DIR, "seedscope-source-hash");
// What the browser bundle is made of; the server side (src/server) runs from source and needs no build.
const SOURCES = ["src/app", "src/client", "src/charts", "next.config.mjs", "package.json", "tsconfig.json"];

/** A hash of the app's sources, so that a build is redone exactly when they changed. */
export function sourceHash(): string {
  const hash = createHash("sha256");
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path).sort()) visit(join(path, entry));
      return;
    }
    hash.update(relative(WEB_DIR, path)).update("\0").update(readFileSync(path)).update("\0");
  };
  for (const source of SOURCES) visit(join(WEB_DIR, source));
  return hash.digest("hex");
}

export function isBuildCurrent(): boolean {
  return existsSync(join(BUILD_DIR, "BUILD_ID")) && existsSync(STAMP) && readFileSync(STAMP, "utf8") === sourceHash();
}

export interface BuildOptions {
  /** Where next build's output goes; default this process's stderr. */
  readonly log?: (chunk: string) => void;
}

/**
 * Runs `next build` unless the last build was made from the same sources (about a minute on 2 cores). Two
 * processes that find the build out of date at once (two dashboards, parallel tests) build it once: the
 * second waits for the first's build and uses it.
 */
export async function ensureDashboardBuilt(options: BuildOptions = {}): Promise<{ built: boolean }> {
  if (isBuildCurrent()) return { built: false };
  const release = await takeBuildLock();
  try {
    if (isBuildCurrent()) return { built: false };
    return await build(options);
  } finally {
    release();
  }
}

const BUILD_LOCK = join(WEB_DIR, ".next-build.lock");

function builderAlive(): boolean {
  try {
    const pid = Number(readFileSync(BUILD_LOCK, "utf8"));
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function takeBuildLock(): Promise<() => void> {
  for (;;) {
    try {
      writeFileSync(BUILD_LOCK, String(process.pid), { flag: "wx" });
      return () => rmSync(BUILD_LOCK, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    // A lock left by a builder that was killed is taken over; a live one is waited for.
    if (!builderAlive()) rmSync(BUILD_LOCK, { force: true });
    else await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function build(options: BuildOptions): Promise<{ built: boolean }> {
  const log = options.log ?? ((chunk: string) => process.stderr.write(chunk));
  const hash = sourceHash();
  const nextBin = createRequire(join(WEB_DIR, "package.json")).resolve("next/dist/bin/next");
  log("building the dashboard (next build, once per change of its sources)…\n");
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, "build"], {
      cwd: WEB_DIR,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const collect = (data: Buffer) => {
      output.push(data.toString());
      log(data.toString());
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (code !== 0) throw new Error(`next build failed (exit ${code}):\n${output.join("").slice(-4000)}`);
  writeFileSync(STAMP, hash);
  return { built: true };
}
