import { randomUUID } from "node:crypto";
import type { MetricPoint } from "@seedscope/core";
import {
  createExternalRun,
  ensureExternalStudy,
  isConnectionLost,
  logExternalMetrics,
  openStore,
  type Store,
  updateExternalRun,
} from "@seedscope/db";
import { metricKeyFor } from "@seedscope/ingest";
import type { ClientPoint, FinishStatus, RunStart, Transport } from "./transport";

/** The source the store records for runs logged by this client. */
export const CLIENT_SOURCE = "client";

const STATUS = { finished: "finished", failed: "failed", killed: "interrupted" } as const;

/**
 * Writes straight into a store through db's functions for outside runs: the study is an outside study,
 * the configuration an external recipe, metric names mapped to seedscope keys by the alias table
 * (`val_acc` → `val/top1`). `store: true` opens the default store (SEEDSCOPE_HOME or DATABASE_URL) and
 * closes it at the end; a store passed in stays open.
 */
export class StoreTransport implements Transport {
  private constructor(
    private readonly store: Store,
    private readonly owned: boolean,
    private readonly aliases: Readonly<Record<string, string>> | undefined,
  ) {}

  static async open(store: Store | true, aliases?: Readonly<Record<string, string>>): Promise<StoreTransport> {
    return store === true
      ? new StoreTransport(await openStore(), true, aliases)
      : new StoreTransport(store, false, aliases);
  }

  async start(run: RunStart): Promise<string> {
    const study = await ensureExternalStudy(this.store, { name: run.study, source: CLIENT_SOURCE });
    const params = run.seed === null ? { ...run.config } : { ...run.config, [run.seedParam]: run.seed };
    const { id } = await createExternalRun(this.store, {
      studyId: study.id,
      source: CLIENT_SOURCE,
      externalKey: randomUUID(),
      name: run.name,
      params,
      tags: run.tags,
      fields: { seedParam: run.seedParam },
    });
    return String(id);
  }

  async logMetrics(runId: string, points: readonly ClientPoint[]): Promise<void> {
    // Two names of one key (val_acc, val_accuracy) at one step: the one logged last wins, as in one batch.
    const byKey = new Map<string, MetricPoint>();
    for (const p of points) {
      const key = metricKeyFor(p.name, this.aliases);
      byKey.set(`${key}\u0000${p.step}`, { key, step: p.step, value: p.value });
    }
    await logExternalMetrics(this.store, Number(runId), [...byKey.values()]);
  }

  async finish(runId: string, status: FinishStatus): Promise<void> {
    await updateExternalRun(this.store, Number(runId), { status: STATUS[status], endTime: new Date() });
  }

  async close(): Promise<void> {
    if (this.owned) await this.store.close();
  }

  isTransient(error: unknown): boolean {
    return isConnectionLost(error);
  }
}
