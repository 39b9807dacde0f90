import { UserError } from "@seedscope/core";
import { type ExternalStudy, ensureExternalStudy, type ImportOutcome, importRun, type Store } from "@seedscope/db";
import type { ImportProgress } from "./import-progress";
import type { ImportFormat, InputResult, PreparedRun, Skipped } from "./types";

export interface RunOutcome {
  readonly id: number;
  readonly outcome: ImportOutcome;
  readonly prepared: PreparedRun;
}

/** What became of one input. */
export interface InputOutcome {
  readonly input: InputResult;
  readonly runs: readonly RunOutcome[];
  readonly skipped: readonly Skipped[];
  readonly error: string | null;
}

/**
 * The run's key among the runs of its source: the study's id and the run's identity (a file's real path,
 * or a table's model at its image size). The same file imported again into the same study is the same
 * run; another study gets its own copy.
 */
export function externalKeyOf(studyId: number, prepared: PreparedRun): string {
  return `${studyId}:${prepared.identity}`;
}

/** Writes every run of the inputs into the study (created when new); one transaction per run. */
export async function writeRuns(
  store: Store,
  format: ImportFormat,
  studyName: string,
  inputs: readonly InputResult[],
  progress: ImportProgress,
): Promise<{ study: ExternalStudy; outcomes: InputOutcome[] }> {
  const study = await ensureExternalStudy(store, { name: studyName, source: `import:${format}` });
  const firstSeen = new Map<string, string>();
  const outcomes: InputOutcome[] = [];
  for (const input of inputs) {
    const runs: RunOutcome[] = [];
    const skipped: Skipped[] = [...input.skipped];
    let error = input.error;
    for (const prepared of input.runs) {
      progress.tick(input.input);
      if (error !== null) continue;
      const externalKey = externalKeyOf(study.id, prepared);
      const earlier = firstSeen.get(externalKey);
      if (earlier !== undefined) {
        skipped.push({
          what: prepared.run.name,
          reason: `the same run as in ${earlier}: import each version into its own --sweep`,
        });
        continue;
      }
      firstSeen.set(externalKey, input.input);
      try {
        const { id, outcome } = await importRun(store, {
          source: `import:${format}`,
          externalKey,
          studyId: study.id,
          name: prepared.run.name,
          params: prepared.params,
          paramCount: prepared.run.params,
          points: prepared.run.points,
          status: prepared.status,
        });
        runs.push({ id, outcome, prepared });
      } catch (e) {
        // A run the store refuses (e.g. a metric name it cannot take) fails its input; anything else stops.
        if (!(e instanceof UserError)) throw e;
        error = `${input.input}: run ${prepared.run.name}: ${e.message}`;
      }
    }
    outcomes.push({ input, runs, skipped, error });
  }
  return { study, outcomes };
}
