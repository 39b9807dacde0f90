/** A split's final top-1 from a run's stored summary, or undefined. */
export function finalTop1(summary: unknown, split: string): number | undefined {
  if (typeof summary !== "object" || summary === null) return undefined;
  const entry = (summary as Record<string, { top1?: unknown } | undefined>)[split];
  return typeof entry?.top1 === "number" ? entry.top1 : undefined;
}
