import { z } from "zod";
import { RUN_STATUSES } from "./run-status-names";

export { RUN_STATUSES };
export const RunStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof RunStatusSchema>;

/** Statuses a run can end in; `finishRun` accepts only these. */
export const FINAL_RUN_STATUSES = ["finished", "failed", "diverged", "interrupted"] as const;
export const FinalRunStatusSchema = z.enum(FINAL_RUN_STATUSES);
export type FinalRunStatus = z.infer<typeof FinalRunStatusSchema>;
