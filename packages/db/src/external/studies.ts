import { z } from "zod";
import { parseInput } from "@seedscope/core";
import { DB_NOW } from "../db-now";
import type { Store } from "../store";
import { clientsOf } from "../store-clients";
import { AlreadyExistsError, NotFoundError } from "./errors";

/** A study whose runs were logged or imported from outside (an MLflow experiment, an import's `--sweep`). */
export interface ExternalStudy {
  readonly id: number;
  readonly name: string;
  readonly source: string;
  readonly createdAt: Date;
  /** The latest run start or metric write in the study, or its creation. */
  readonly lastUpdate: Date;
}

const StudyNameSchema = z
  .string()
  .trim()
  .min(1, "give the study a name")
  .max(500, "a study name is at most 500 characters")
  .refine((s) => !s.includes("\u0000"), "a study name cannot contain a NUL character");

const UNIQUE_VIOLATION = "23505";

const SELECT_STUDY = `SELECT s.id, s."externalName" AS name, s.source, s."createdAt",
         GREATEST(s."createdAt", (SELECT max(COALESCE(r."heartbeatAt", r."createdAt")) FROM "Run" r WHERE r."sweepId" = s.id)) AS "lastUpdate"
  FROM "Sweep" s`;

/** Creates an outside study; a second one of the same name is an AlreadyExistsError. */
export async function createExternalStudy(
  store: Store,
  input: { name: string; source: string },
): Promise<ExternalStudy> {
  const name = parseInput(StudyNameSchema, input.name, "study name");
  try {
    const rows = await clientsOf(store).sql.query<{ id: number }>(
      `INSERT INTO "Sweep" (name, "externalName", source, plan, "launchedBy", "createdAt")
       VALUES ($1, $1, $2, $3::jsonb, $2, ${DB_NOW}) RETURNING id`,
      [name, input.source, JSON.stringify({ kind: "external", source: input.source, name })],
    );
    return (await findExternalStudy(store, { id: rows[0]!.id }))!;
  } catch (error) {
    if ((error as { code?: string }).code === UNIQUE_VIOLATION)
      throw new AlreadyExistsError(`a study (experiment) named "${name}" already exists: pick another name`);
    throw error;
  }
}

/** The outside study of this name, created if there is none (safe under concurrent callers). */
export async function ensureExternalStudy(
  store: Store,
  input: { name: string; source: string },
): Promise<ExternalStudy> {
  const existing = await findExternalStudy(store, { name: input.name });
  if (existing) return existing;
  try {
    return await createExternalStudy(store, input);
  } catch (error) {
    if (!(error instanceof AlreadyExistsError)) throw error;
    return (await findExternalStudy(store, { name: input.name }))!;
  }
}

/** An outside study by id or by name, or null. Planned (seedscope) sweeps are not outside studies. */
export async function findExternalStudy(
  store: Store,
  by: { id: number } | { name: string },
): Promise<ExternalStudy | null> {
  if ("id" in by && !(Number.isInteger(by.id) && by.id > 0 && by.id <= 2_147_483_647)) return null;
  const rows = await clientsOf(store).sql.query<ExternalStudy>(
    "id" in by
      ? `${SELECT_STUDY} WHERE s.id = $1 AND s."externalName" IS NOT NULL`
      : `${SELECT_STUDY} WHERE s."externalName" = $1`,
    ["id" in by ? by.id : by.name.trim()],
  );
  return rows[0] ?? null;
}

/** Like findExternalStudy, but a missing study is a NotFoundError naming it. */
export async function getExternalStudy(store: Store, by: { id: number } | { name: string }): Promise<ExternalStudy> {
  const study = await findExternalStudy(store, by);
  if (!study)
    throw new NotFoundError(
      "id" in by ? `no experiment has id ${by.id}` : `no experiment is named "${by.name}": create it first`,
    );
  return study;
}

/** Every outside study, newest first. */
export async function listExternalStudies(store: Store): Promise<ExternalStudy[]> {
  return clientsOf(store).sql.query<ExternalStudy>(
    `${SELECT_STUDY} WHERE s."externalName" IS NOT NULL ORDER BY s.id DESC`,
  );
}
