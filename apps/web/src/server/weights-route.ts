import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { UserError } from "@seedscope/core";

/*
 * The run page's download: a run's checkpoint as TensorFlow.js weight files, the same files
 * `seedscope export-weights` writes, at /weights/<run>/<epoch>/model.json and …/group1-shard1of1.bin
 * (model.json names the shard by that relative path, so tf.io.loadWeights finds it). The epoch in the path
 * keeps the two files of one download from the same checkpoint; a newer checkpoint makes it a 404 that says so.
 * The request guard treats these paths as pages: GET or HEAD, the dashboard's token rules.
 */

export const WEIGHTS_PREFIX = "/weights/";
const SHARD = "group1-shard1of1.bin";

/** A run's checkpoint as weight files (throws UserError when there is none, or it is of another epoch). */
export type RunWeightSource = (
  runId: number,
  epoch: number,
) => Promise<{ readonly modelJson: string; readonly shard: Uint8Array }>;

export function isWeightsTarget(target: string): boolean {
  return target.startsWith(WEIGHTS_PREFIX);
}

const PATH = /^\/weights\/([1-9]\d{0,9})\/([1-9]\d{0,9})\/(model\.json|group1-shard1of1\.bin)$/;

function send(req: IncomingMessage, res: ServerResponse, status: number, type: string, body: string | Uint8Array) {
  res.writeHead(status, {
    "content-type": type,
    "content-length": typeof body === "string" ? Buffer.byteLength(body) : body.byteLength,
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  });
  res.end(req.method === "HEAD" ? undefined : body);
}

export function createWeightsHandler(
  source: RunWeightSource | undefined,
  options: { verbose?: boolean } = {},
): RequestListener {
  return (req, res) => {
    const text = (status: number, message: string) =>
      send(req, res, status, "text/plain; charset=utf-8", `${message}\n`);
    const pathname = new URL(req.url ?? "/", "http://dashboard.invalid").pathname;
    const match = PATH.exec(pathname);
    if (!match) {
      text(404, `No such file: weights are at ${WEIGHTS_PREFIX}<run>/<epoch>/model.json and …/${SHARD}.`);
      return;
    }
    if (!source) {
      text(404, "This dashboard serves no weights: use seedscope export-weights <run>.");
      return;
    }
    const [, run, epoch, file] = match;
    const runId = Number(run);
    const ids = [runId, Number(epoch)] as const;
    if (ids.some((n) => n > 2_147_483_647)) {
      text(404, "The run id and the epoch are at most 2147483647.");
      return;
    }
    source(runId, ids[1]).then(
      (files) =>
        file === SHARD
          ? send(req, res, 200, "application/octet-stream", files.shard)
          : send(req, res, 200, "application/json", files.modelJson),
      (error: unknown) => {
        if (error instanceof UserError) text(404, error.message);
        else {
          const message = error instanceof Error ? error.message : String(error);
          if (options.verbose) console.error(`dashboard: weights of run ${runId} failed:`, error);
          else
            console.error(
              `dashboard: weights of run ${runId} failed: ${message.split("\n")[0]} (--verbose for the stack)`,
            );
          text(500, `The weights of run ${runId} could not be read.`);
        }
      },
    );
  };
}
