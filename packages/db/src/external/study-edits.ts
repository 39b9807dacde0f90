import type { Store } from "../store";
import { clientsOf } from "../store-clients";
import { AlreadyExistsError, NotFoundError } from "./errors";
import { getExternalStudy } from "./studies";

/*
 * Edits of an outside study after its creation (MLflow's experiments/update and set-experiment-tag): a new
 * name, and tags kept in the study's plan (an outside study's plan only describes where it came from).
 */

const UNIQUE_VIOLATION = "23505";

/** Renames an outside study; a name another study has is an AlreadyExistsError. */
export async function renameExternalStudy(store: Store, studyId: number, newName: string): Promise<void> {
  await getExternalStudy(store, { id: studyId });
  const name = newName.trim();
  try {
    await clientsOf(store).sql.query(
      `UPDATE "Sweep" SET name = $2, "externalName" = $2, plan = plan || jsonb_build_object('name', $2::text)
       WHERE id = $1 AND "externalName" IS NOT NULL`,
      [studyId, name],
    );
  } catch (error) {
    if ((error as { code?: string }).code === UNIQUE_VIOLATION)
      throw new AlreadyExistsError(`a study (experiment) named "${name}" already exists: pick another name`);
    throw error;
  }
}

/** Sets tags on an outside study (a tag set again takes the new value). */
export async function setExternalStudyTags(
  store: Store,
  studyId: number,
  tags: Readonly<Record<string, string>>,
): Promise<void> {
  const rows = await clientsOf(store).sql.query<{ id: number }>(
    `UPDATE "Sweep" SET plan = jsonb_set(plan, '{tags}', COALESCE(plan->'tags', '{}'::jsonb) || $2::jsonb)
     WHERE id = $1 AND "externalName" IS NOT NULL RETURNING id`,
    [studyId, JSON.stringify(tags)],
  );
  if (rows.length === 0) throw new NotFoundError(`no experiment has id ${studyId}`);
}

/** The tags of some outside studies, by study id (a study without tags is absent). */
export async function externalStudyTags(
  store: Store,
  studyIds: readonly number[],
): Promise<Map<number, Record<string, string>>> {
  const ids = studyIds.filter((id) => Number.isInteger(id) && id > 0 && id <= 2_147_483_647);
  if (ids.length === 0) return new Map();
  const rows = await clientsOf(store).sql.query<{ id: number; tags: Record<string, string> }>(
    `SELECT id, plan->'tags' AS tags FROM "Sweep"
     WHERE id = ANY($1::int[]) AND "externalName" IS NOT NULL AND jsonb_typeof(plan->'tags') = 'object'`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.tags]));
}
