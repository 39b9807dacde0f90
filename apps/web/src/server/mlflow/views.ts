import type { RunStatus } from "@seedscope/core";
import type { ExternalRunView, ExternalStudy } from "@seedscope/db";
import { canonicalJson } from "@seedscope/recipes";

/** MLflow's run statuses and seedscope's: FAILED covers failed and diverged, KILLED an interrupted run. */
export const MLFLOW_STATUSES = ["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"] as const;
export type MlflowStatus = (typeof MLFLOW_STATUSES)[number];

const TO_MLFLOW: Readonly<Record<RunStatus, MlflowStatus>> = {
  running: "RUNNING",
  queued: "SCHEDULED",
  finished: "FINISHED",
  failed: "FAILED",
  diverged: "FAILED",
  interrupted: "KILLED",
};
const FROM_MLFLOW: Readonly<Record<MlflowStatus, RunStatus>> = {
  RUNNING: "running",
  SCHEDULED: "queued",
  FINISHED: "finished",
  FAILED: "failed",
  KILLED: "interrupted",
};
export const toMlflowStatus = (status: RunStatus): MlflowStatus => TO_MLFLOW[status];
export const fromMlflowStatus = (status: MlflowStatus): RunStatus => FROM_MLFLOW[status];
/** The seedscope statuses one MLflow status stands for. */
export const seedscopeStatuses = (status: MlflowStatus): RunStatus[] =>
  (Object.keys(TO_MLFLOW) as RunStatus[]).filter((s) => TO_MLFLOW[s] === status);

/** MLflow's Default experiment: id "0", an outside study of this name created on first use. */
export const DEFAULT_EXPERIMENT_ID = "0";
export const DEFAULT_EXPERIMENT_NAME = "Default";

export type KeyValue = { key: string; value: string };

export interface MlflowExperiment {
  experiment_id: string;
  name: string;
  artifact_location: string;
  lifecycle_stage: "active";
  last_update_time: number;
  creation_time: number;
  tags: KeyValue[];
}

export const experimentId = (study: Pick<ExternalStudy, "id" | "name">): string =>
  study.name === DEFAULT_EXPERIMENT_NAME ? DEFAULT_EXPERIMENT_ID : String(study.id);

const pairs = (record: Readonly<Record<string, string>>): KeyValue[] =>
  Object.entries(record).map(([key, value]) => ({ key, value }));

export function experimentJson(study: ExternalStudy, tags: Readonly<Record<string, string>> = {}): MlflowExperiment {
  return {
    experiment_id: experimentId(study),
    name: study.name,
    artifact_location: "",
    lifecycle_stage: "active",
    last_update_time: new Date(study.lastUpdate).getTime(),
    creation_time: new Date(study.createdAt).getTime(),
    tags: pairs(tags),
  };
}

/** A double as protobuf's JSON form writes it: NaN and infinities as strings. */
export function doubleJson(value: number): number | string {
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return "NaN";
  return value > 0 ? "Infinity" : "-Infinity";
}

/** A param value as MLflow shows it: always a string. */
export function paramText(value: unknown): string {
  return typeof value === "string"
    ? value
    : typeof value === "number" || typeof value === "boolean"
      ? String(value)
      : canonicalJson(value);
}

const ms = (date: Date | null): number | undefined => (date === null ? undefined : new Date(date).getTime());

export interface MlflowRunInfo {
  run_id: string;
  run_uuid: string;
  run_name: string;
  experiment_id: string;
  user_id: string;
  status: MlflowStatus;
  start_time?: number;
  end_time?: number;
  artifact_uri: string;
  lifecycle_stage: "active";
}

export interface MlflowMetric {
  key: string;
  value: number | string;
  timestamp: number;
  step: number;
}

export interface MlflowRun {
  info: MlflowRunInfo;
  data: { metrics: MlflowMetric[]; params: KeyValue[]; tags: KeyValue[] };
  inputs: Record<string, never>;
}

/** `experiment_id` of a study id: "0" for the Default study. */
export type ExperimentIdOf = (studyId: number | null) => string;

export function runInfoJson(run: ExternalRunView, experimentIdOf: ExperimentIdOf): MlflowRunInfo {
  return {
    run_id: String(run.id),
    run_uuid: String(run.id),
    run_name: run.name ?? "",
    experiment_id: experimentIdOf(run.studyId),
    user_id: run.tags["mlflow.user"] ?? "",
    status: toMlflowStatus(run.status),
    start_time: ms(run.startedAt),
    end_time: run.status === "running" || run.status === "queued" ? undefined : ms(run.finishedAt),
    artifact_uri: "",
    lifecycle_stage: "active",
  };
}

/**
 * A run in MLflow's shape. Metrics are shown under their seedscope keys at their last step; seedscope
 * keeps no time per metric point, so each carries the run's last write time.
 */
export function runJson(run: ExternalRunView, experimentIdOf: ExperimentIdOf): MlflowRun {
  const timestamp = ms(run.heartbeatAt ?? run.startedAt) ?? 0;
  return {
    info: runInfoJson(run, experimentIdOf),
    data: {
      metrics: run.latestMetrics.map((m) => ({ key: m.key, value: doubleJson(m.value), timestamp, step: m.step })),
      params: Object.entries(run.params).map(([key, value]) => ({ key, value: paramText(value) })),
      tags: pairs(run.tags),
    },
    inputs: {},
  };
}
