import { canonicalJson, storedRecipeHash } from "@seedscope/recipes";
import { changeRunStatus } from "../run-status";
import type { SqlClient } from "../sql-client";
import type { RunIdentity } from "./run-config";

/** Stores an outside run's external recipe (idempotent) in the caller's transaction; returns its hash. */
export async function storeExternalRecipe(tx: SqlClient, identity: RunIdentity): Promise<string> {
  const hash = storedRecipeHash(identity.recipe as unknown as Record<string, unknown>);
  await tx.query(`INSERT INTO "Recipe" (hash, body) VALUES ($1, $2::jsonb) ON CONFLICT (hash) DO NOTHING`, [
    hash,
    canonicalJson(identity.recipe),
  ]);
  return hash;
}

export interface NewExternalRun {
  readonly recipeHash: string;
  readonly identity: RunIdentity;
  readonly studyId: number | null;
  readonly source: string;
  readonly externalKey: string;
  readonly name: string | null;
  readonly tags: Readonly<Record<string, string>> | null;
  readonly paramCount: number | null;
  /** The event that records its start ("logged by mlflow", "imported (import:deit-log)"). */
  readonly startMessage: string;
}

/** Inserts an outside run and starts it (`running`, with its start event), in the caller's transaction. */
export async function insertExternalRun(tx: SqlClient, run: NewExternalRun): Promise<number> {
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO "Run" ("recipeHash", arch, "archSpec", dataset, seed, "sweepId", source, "externalKey", name,
                        "externalTags", params, status)
     VALUES ($1, $2, '{}'::jsonb, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, 'queued') RETURNING id`,
    [
      run.recipeHash,
      run.identity.arch,
      run.identity.dataset,
      run.identity.seed,
      run.studyId,
      run.source,
      run.externalKey,
      run.name,
      run.tags === null ? null : JSON.stringify(run.tags),
      run.paramCount,
    ],
  );
  const id = row!.id;
  await changeRunStatus(tx, { runIds: [id], from: ["queued"], to: "running", message: run.startMessage });
  return id;
}
