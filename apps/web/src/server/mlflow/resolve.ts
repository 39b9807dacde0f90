import {
  type ExternalStudy,
  ensureExternalStudy,
  findExternalStudy,
  getExternalStudy,
  type Store,
} from "@seedscope/db";
import { MlflowError } from "./errors";
import { DEFAULT_EXPERIMENT_ID, DEFAULT_EXPERIMENT_NAME, type ExperimentIdOf } from "./views";

const MAX_ID = 2_147_483_647;
export const SOURCE = "mlflow";

/** seedscope's numeric id in an MLflow id string, or null when it cannot name a stored row. */
function numericId(text: string): number | null {
  if (!/^\d{1,10}$/.test(text)) return null;
  const n = Number(text);
  return n >= 1 && n <= MAX_ID ? n : null;
}

/** The study an experiment id names; "0" is the Default study, created on first use. */
export async function studyFor(store: Store, experimentId: string): Promise<ExternalStudy> {
  if (experimentId === DEFAULT_EXPERIMENT_ID) return defaultStudy(store);
  const n = numericId(experimentId);
  if (n === null)
    throw new MlflowError("RESOURCE_DOES_NOT_EXIST", `No experiment has id ${JSON.stringify(experimentId)}.`);
  return getExternalStudy(store, { id: n });
}

export const defaultStudy = (store: Store): Promise<ExternalStudy> =>
  ensureExternalStudy(store, { name: DEFAULT_EXPERIMENT_NAME, source: SOURCE });

/** The run id a request names (`run_id`, else the older `run_uuid`). */
export function runIdOf(ref: { run_id?: string; run_uuid?: string }): number {
  const text = ref.run_id ?? ref.run_uuid ?? "";
  const n = numericId(text);
  if (n === null) throw new MlflowError("RESOURCE_DOES_NOT_EXIST", `No run has id ${JSON.stringify(text)}.`);
  return n;
}

/** Writes a study id as an experiment id: the Default study is "0". */
export async function experimentIdResolver(store: Store): Promise<ExperimentIdOf> {
  const fallback = await findExternalStudy(store, { name: DEFAULT_EXPERIMENT_NAME });
  return (studyId) =>
    studyId === null ? "" : fallback !== null && studyId === fallback.id ? DEFAULT_EXPERIMENT_ID : String(studyId);
}
