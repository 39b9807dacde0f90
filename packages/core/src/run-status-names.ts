/** Every status a run can have (zod-free, so that the CLI's help can name them without loading zod). */
export const RUN_STATUSES = ["queued", "running", "finished", "failed", "diverged", "interrupted"] as const;
