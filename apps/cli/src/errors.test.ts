import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ERRORS = fileURLToPath(new URL("./errors.ts", import.meta.url));

/** Runs `script` in a fresh Node process (through tsx) and returns its stderr. */
function stderrOf(script: string): string {
  const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    encoding: "utf8",
  });
  return child.stderr;
}

describe("reportError", () => {
  it("prints one short line for a huge message and for a thrown plain object", () => {
    const huge = stderrOf(
      `import { reportError } from ${JSON.stringify(ERRORS)}; reportError(new Error("x".repeat(40000)), false);`,
    );
    expect(huge.split("\n").filter(Boolean)).toHaveLength(1);
    expect(huge.length).toBeLessThan(500);
    const plain = stderrOf(
      `import { reportError } from ${JSON.stringify(ERRORS)}; reportError({ name: "ExitStatus", message: "Program terminated with exit(1)", status: 1 }, false);`,
    );
    expect(plain).toBe("seedscope: Program terminated with exit(1) (run again with --verbose for details)\n");
  });
});
