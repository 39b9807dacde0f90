import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

export const SEEDSCOPE_BIN = fileURLToPath(new URL("../../apps/cli/bin/seedscope.js", import.meta.url));

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real `seedscope` command in a child process. `env` entries set to undefined are removed. */
export function runCli(args: string[], env: Record<string, string | undefined> = {}, cwd?: string): Promise<CliResult> {
  const merged: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete merged[k];
  return new Promise((resolve) => {
    execFile(process.execPath, [SEEDSCOPE_BIN, ...args], { env: merged, cwd, timeout: 300_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
