import { isAbsolute, relative } from "node:path";

/** A path as shown to the user: relative to the working directory, or absolute where that is shorter. */
export function displayPath(path: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, path);
  if (rel === "") return ".";
  return isAbsolute(rel) || rel.length >= path.length ? path : rel;
}
