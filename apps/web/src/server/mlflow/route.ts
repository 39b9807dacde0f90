import type { MlflowContext } from "./context";

/** One endpoint: its path under `…/2.0/mlflow/`, its method, and whether it only reads. */
export interface Route {
  readonly method: "GET" | "POST";
  readonly path: string;
  /** Reads only (GETs, and the POST forms of search): `--public-read` lets it through without a token. */
  readonly read: boolean;
  handle(ctx: MlflowContext, input: Record<string, unknown>): Promise<object>;
}
