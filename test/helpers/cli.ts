import { execFile, spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export const SEEDSCOPE_BIN = fileURLToPath(new URL("../../apps/cli/bin/seedscope.js", import.meta.url));

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function childEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete merged[k];
  return merged;
}

/** Runs the real `seedscope` command in a child process. `env` entries set to undefined are removed. */
export function runCli(args: string[], env: Record<string, string | undefined> = {}, cwd?: string): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [SEEDSCOPE_BIN, ...args],
      { env: childEnv(env), cwd, timeout: 300_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export interface StartedCli {
  readonly child: ChildProcess;
  /** stdout and stderr so far, interleaved. */
  output(): string;
  readonly exit: Promise<number | null>;
}

/** Starts `seedscope` in the background, for commands that keep running (sweeps, the dashboard). */
export function startCli(args: string[], env: Record<string, string | undefined>): StartedCli {
  const child = spawn(process.execPath, [SEEDSCOPE_BIN, ...args], { env: childEnv(env) });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on("close", resolve));
  return { child, output: () => output, exit };
}

export async function waitFor(
  check: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 240_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Starts `seedscope dashboard` on a free port and waits until it listens (a first start builds the app);
 * returns the process and its URL, or throws with its output when it exits first.
 */
export async function startCliDashboard(
  env: Record<string, string | undefined>,
): Promise<{ dashboard: StartedCli; url: string }> {
  const dashboard = startCli(["dashboard", "--port", "0"], env);
  await waitFor(
    () => /dashboard: (http:\/\/\S+)/.test(dashboard.output()) || dashboard.child.exitCode !== null,
    "the dashboard to listen",
    400_000,
  );
  const match = /dashboard: (http:\/\/\S+)/.exec(dashboard.output());
  if (!match) throw new Error(`dashboard did not start:\n${dashboard.output()}`);
  return { dashboard, url: match[1]! };
}
