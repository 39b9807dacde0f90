import { SeedscopeClientError } from "./errors";
import type { ClientPoint, FinishStatus, RunStart, Transport } from "./transport";

const API = "/api/2.0/mlflow";
/** MLflow's log-batch limits: 1,000 metrics, 100 params, 100 tags per request. */
const MAX_PARAMS = 100;
const MAX_TAGS = 100;
const STATUS = { finished: "FINISHED", failed: "FAILED", killed: "KILLED" } as const;

/** A parameter's value as MLflow sends it: a string (numbers as written, anything else as JSON). */
function paramValue(value: unknown): string {
  return typeof value === "string" ? value : (JSON.stringify(value) ?? "null");
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Talks to a seedscope dashboard's MLflow-compatible REST API as MLflow's own clients do: the study is an
 * experiment (found by name, else created), the configuration and seed are params, metrics go in log-batch
 * under the script's own names (the server maps them to seedscope keys), the end is runs/update.
 */
export class HttpTransport implements Transport {
  private readonly base: string;

  constructor(
    url: string,
    private readonly token: string | undefined,
  ) {
    this.base = url.replace(/\/+$/, "");
  }

  async start(run: RunStart): Promise<string> {
    const experimentId = await this.experimentId(run.study);
    const tags = Object.entries(run.tags).map(([key, value]) => ({ key, value }));
    if (run.name !== null) tags.push({ key: "mlflow.runName", value: run.name });
    const created = await this.call<{ run: { info: { run_id: string } } }>("POST", "runs/create", {
      experiment_id: experimentId,
      start_time: Date.now(),
      ...(run.name !== null ? { run_name: run.name } : {}),
      tags: tags.slice(0, MAX_TAGS),
    });
    const runId = created.run.info.run_id;
    const params = Object.entries(run.config).map(([key, value]) => ({ key, value: paramValue(value) }));
    if (run.seed !== null) params.push({ key: run.seedParam, value: String(run.seed) });
    for (const batch of chunks(params, MAX_PARAMS))
      await this.call("POST", "runs/log-batch", { run_id: runId, params: batch });
    for (const batch of chunks(tags.slice(MAX_TAGS), MAX_TAGS))
      await this.call("POST", "runs/log-batch", { run_id: runId, tags: batch });
    return runId;
  }

  async logMetrics(runId: string, points: readonly ClientPoint[]): Promise<void> {
    await this.call("POST", "runs/log-batch", {
      run_id: runId,
      metrics: points.map((p) => ({ key: p.name, value: p.value, timestamp: p.timestamp, step: p.step })),
    });
  }

  async finish(runId: string, status: FinishStatus): Promise<void> {
    await this.call("POST", "runs/update", { run_id: runId, status: STATUS[status], end_time: Date.now() });
  }

  async close(): Promise<void> {}

  isTransient(error: unknown): boolean {
    if (!(error instanceof SeedscopeClientError)) return false;
    return error.status === 0 || error.status === 429 || error.status >= 500;
  }

  /** The experiment of this name, created if there is none (another script creating it meanwhile is fine). */
  private async experimentId(name: string): Promise<string> {
    const found = await this.find(name);
    if (found !== null) return found;
    try {
      return (await this.call<{ experiment_id: string }>("POST", "experiments/create", { name })).experiment_id;
    } catch (error) {
      if (error instanceof SeedscopeClientError && error.errorCode === "RESOURCE_ALREADY_EXISTS") {
        const again = await this.find(name);
        if (again !== null) return again;
      }
      throw error;
    }
  }

  private async find(name: string): Promise<string | null> {
    try {
      const answer = await this.call<{ experiment: { experiment_id: string } }>(
        "GET",
        `experiments/get-by-name?experiment_name=${encodeURIComponent(name)}`,
      );
      return answer.experiment.experiment_id;
    } catch (error) {
      if (error instanceof SeedscopeClientError && error.errorCode === "RESOURCE_DOES_NOT_EXIST") return null;
      throw error;
    }
  }

  private async call<T = Record<string, never>>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let response: Response;
    try {
      response = await fetch(`${this.base}${API}/${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new SeedscopeClientError(`cannot reach seedscope at ${this.base} (${(error as Error).message})`, 0, null, {
        cause: error,
      });
    }
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text === "" ? {} : JSON.parse(text);
    } catch {
      // not JSON: reported below
    }
    if (!response.ok) {
      const e = (parsed ?? {}) as { error_code?: string; message?: string };
      throw new SeedscopeClientError(
        `seedscope ${method} ${path.split("?")[0]}: ${response.status} ${e.error_code ?? ""} ${e.message ?? text.slice(0, 200)}`.trim(),
        response.status,
        e.error_code ?? null,
      );
    }
    if (parsed === null)
      throw new SeedscopeClientError(`seedscope ${path}: the answer is not JSON`, response.status, null);
    return parsed as T;
  }
}
