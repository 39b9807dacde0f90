import * as tf from "@tensorflow/tfjs-core";
import { parseRecipe, UserError, type Recipe } from "@seedscope/core";
import { datasetFingerprint, getDataset, type Dataset } from "@seedscope/data";
import {
  createRecipe,
  finishRun,
  getRunWithRecipe,
  loadCheckpoint,
  recordRunSetup,
  resumeRun,
  runEpochsDone,
  startRun,
  type Store,
} from "@seedscope/db";
import { initBackend, isBackendName, kernelsUsed, type BackendInfo, type BackendName } from "@seedscope/engine";
import type { Model, ModelSpec } from "@seedscope/models";
import { decodeCheckpoint } from "./checkpoint";
import { Ema } from "./ema";
import { codeVersion, runEnvironment } from "./environment";
import { classificationLoss } from "./losses";
import { createRunModel, methodWeightDecay } from "./methods/create";
import { modelOptionsOf } from "./model-options";
import { EnsembleModel } from "./methods/ensemble";
import { createOptimizer } from "./optimizers/create";
import type { Optimizer } from "./optimizers/optimizer";
import { trainingLoop, type LoopOutcome, type TrainingProgress } from "./trainer";

/** How often a training run proves it is alive; a sweep's stale threshold (default 15 s) is a few of these. */
const DEFAULT_HEARTBEAT_MS = 3_000;

export interface SessionOptions {
  /** Force a TensorFlow.js backend; default the best that loads (for a resume: the run's own). */
  readonly backend?: BackendName;
  /** Threads of the wasm backend for this process (default 1); metrics do not depend on it. */
  readonly wasmThreads?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: TrainingProgress) => void;
  /** Setup warnings of the run (see `TrainingMethod.notices`); default: stderr. */
  readonly onNotice?: (message: string) => void;
  readonly worker?: string;
  readonly evalBatchSize?: number;
  readonly heartbeatMs?: number;
  /** For a resume: how old a `running` run's heartbeat must be before this process takes it over. */
  readonly staleMs?: number;
  /** The lease (fencing token) this process holds on an already claimed run (`trainClaimedRun`). */
  readonly lease?: number;
  /** Stop, resumable, after this many epochs (the schedule stays the recipe's): see `rerun --epochs`. */
  readonly stopAfterEpochs?: number;
}

export interface RunRequest extends SessionOptions {
  readonly recipe: Recipe;
  /** Name to store the recipe under (e.g. "deit3"), and the recipe it was derived from by overrides. */
  readonly recipeName?: string;
  readonly parentHash?: string;
  readonly arch: string;
  readonly dataset: string;
  /** Loader options of the dataset (e.g. `dir` for CIFAR), stored with the run so a resume finds it. */
  readonly datasetOptions?: Readonly<Record<string, unknown>>;
  readonly seed: number;
  readonly sweepId?: number;
  readonly tags?: readonly string[];
  readonly note?: string;
  /** The run this one re-executes (see rerun.ts). */
  readonly rerunOf?: number;
}

export interface RunResult extends LoopOutcome {
  readonly runId: number;
  readonly backend: BackendInfo;
  readonly params: number;
  readonly flopsPerImage: number;
  /** Divide-and-co-train: the undivided network's parameters, for the equal-budget comparison; else null. */
  readonly wideParams: number | null;
}

interface Prepared {
  readonly backend: BackendInfo;
  readonly dataset: Dataset;
  readonly model: Model;
  readonly optimizer: Optimizer;
  readonly ema: Ema | null;
  readonly spec: ModelSpec;
}

/** Trains one seeded run from scratch, recording it in the store. */
export async function runTraining(store: Store, request: RunRequest): Promise<RunResult> {
  const recipe = parseRecipe(request.recipe);
  checkSeed(request.seed);
  const prepared = await prepare(
    recipe,
    request.arch,
    request.dataset,
    request.datasetOptions ?? {},
    request.seed,
    request.backend,
    request.wasmThreads,
  );
  const { hash } = await createRecipe(store, {
    body: { ...recipe },
    ...(request.recipeName ? { name: request.recipeName } : {}),
    ...(request.parentHash ? { parentHash: request.parentHash } : {}),
  });
  const version = codeVersion();
  const { id: runId, lease } = await startRun(store, {
    recipeHash: hash,
    arch: request.arch,
    archSpec: { ...prepared.spec },
    dataset: request.dataset,
    seed: request.seed,
    ...(request.sweepId === undefined ? {} : { sweepId: request.sweepId }),
    ...(request.worker === undefined ? {} : { worker: request.worker }),
    ...(version.gitCommit === null ? {} : { gitCommit: version.gitCommit }),
    ...(version.gitDirty === null ? {} : { gitDirty: version.gitDirty }),
    environment: {
      ...runEnvironment(prepared.backend, datasetFingerprint(prepared.dataset)),
      datasetOptions: request.datasetOptions ?? {},
    },
    params: prepared.model.paramCount,
    flops: prepared.model.flopsPerImage,
    tags: [...(request.tags ?? [])],
    ...(request.note === undefined ? {} : { note: request.note }),
    ...(request.rerunOf === undefined ? {} : { rerunOf: request.rerunOf }),
  });
  return loop(store, runId, lease, recipe, request.seed, prepared, 0, request);
}

/** Continues an interrupted run from its last end-of-epoch checkpoint, with its own recipe and seed. */
export async function resumeTraining(store: Store, runId: number, options: SessionOptions = {}): Promise<RunResult> {
  const spec = await loadRunSpec(store, runId);
  const prepared = await prepareSpec(spec, options); // before the run is touched: a bad --backend changes nothing
  let lease: number;
  try {
    ({ lease } = await resumeRun(store, runId, {
      ...(options.worker === undefined ? {} : { worker: options.worker }),
      ...(options.staleMs === undefined ? {} : { staleMs: options.staleMs }),
    }));
  } catch (error) {
    disposePrepared(prepared);
    throw error;
  }
  return continueRun(store, spec, prepared, { ...options, lease });
}

/**
 * Trains a run that this process has just claimed (`running`, e.g. from a sweep's queue): from scratch
 * when it has no epoch yet, else from its checkpoint. A run that cannot be prepared is failed with the cause.
 */
export async function trainClaimedRun(store: Store, runId: number, options: SessionOptions = {}): Promise<RunResult> {
  const spec = await loadRunSpec(store, runId);
  let prepared: Prepared;
  try {
    prepared = await prepareSpec(spec, options);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await finishRun(store, runId, { status: "failed", reason: reason.slice(0, 10_000) }, options.lease ?? null).catch(
      () => undefined,
    );
    throw error;
  }
  return continueRun(store, spec, prepared, options);
}

interface RunSpec {
  readonly runId: number;
  readonly recipe: Recipe;
  readonly arch: string;
  readonly dataset: string;
  readonly datasetOptions: Readonly<Record<string, unknown>>;
  readonly seed: number;
  readonly recordedBackend: BackendName | undefined;
}

async function loadRunSpec(store: Store, runId: number): Promise<RunSpec> {
  const run = await getRunWithRecipe(store, runId);
  if (!run) throw new UserError(`run ${runId} does not exist (see seedscope runs list)`);
  if (run.source !== "seedscope" || run.seed === null) {
    throw new UserError(
      `run ${runId} was logged from outside seedscope (${run.source}): seedscope can show it but not train or resume it`,
    );
  }
  const recipe = parseRecipe(run.recipe.body, `recipe ${run.recipeHash.slice(0, 12)} of run ${runId}`);
  const environment = (run.environment ?? {}) as { backend?: string; datasetOptions?: Record<string, unknown> };
  const recordedBackend =
    environment.backend !== undefined && isBackendName(environment.backend) ? environment.backend : undefined;
  return {
    runId,
    recipe,
    arch: run.arch,
    dataset: run.dataset,
    datasetOptions: environment.datasetOptions ?? {},
    seed: run.seed,
    recordedBackend,
  };
}

function prepareSpec(spec: RunSpec, options: SessionOptions): Promise<Prepared> {
  return prepare(
    spec.recipe,
    spec.arch,
    spec.dataset,
    spec.datasetOptions,
    spec.seed,
    options.backend ?? spec.recordedBackend,
    options.wasmThreads,
  );
}

async function continueRun(
  store: Store,
  spec: RunSpec,
  prepared: Prepared,
  options: SessionOptions,
): Promise<RunResult> {
  const { runId } = spec;
  const lease = options.lease ?? null;
  const epochsDone = await runEpochsDone(store, runId);
  if (epochsDone > 0) {
    const saved = await loadCheckpoint(store, runId);
    if (!saved || saved.epochsDone !== epochsDone) {
      disposePrepared(prepared);
      await finishRun(
        store,
        runId,
        { status: "failed", reason: `no checkpoint for epoch ${epochsDone} to resume from` },
        lease,
      );
      throw new UserError(`run ${runId}: its checkpoint for epoch ${epochsDone} is missing; start a new run instead`);
    }
    const state = decodeCheckpoint(saved.data);
    const weights = new Map([...state.weights].filter(([name]) => !name.startsWith("ema/")));
    prepared.model.setWeights(weights);
    prepared.optimizer.setState(state.optimizer);
    prepared.ema?.setWeights(
      new Map([...state.weights].filter(([n]) => n.startsWith("ema/")).map(([n, v]) => [n.slice(4), v])),
    );
  } else {
    // A planned run (sweep) starts here: record where and on what it runs.
    const version = codeVersion();
    await recordRunSetup(store, runId, {
      archSpec: { ...prepared.spec },
      environment: {
        ...runEnvironment(prepared.backend, datasetFingerprint(prepared.dataset)),
        datasetOptions: { ...spec.datasetOptions },
      },
      params: prepared.model.paramCount,
      flops: prepared.model.flopsPerImage,
      gitCommit: version.gitCommit,
      gitDirty: version.gitDirty,
      ...(options.worker === undefined ? {} : { worker: options.worker }),
    });
  }
  return loop(store, runId, lease, spec.recipe, spec.seed, prepared, epochsDone, options);
}

function disposePrepared(prepared: Prepared): void {
  prepared.ema?.dispose();
  prepared.optimizer.dispose();
  prepared.model.dispose();
}

async function loop(
  store: Store,
  runId: number,
  lease: number | null,
  recipe: Recipe,
  seed: number,
  prepared: Prepared,
  startEpoch: number,
  options: SessionOptions,
): Promise<RunResult> {
  const { model, optimizer, ema, dataset, backend } = prepared;
  try {
    const outcome = await trainingLoop({
      store,
      runId,
      lease,
      recipe,
      seed,
      dataset,
      model,
      optimizer,
      ema,
      startEpoch,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.onNotice ? { onNotice: options.onNotice } : {}),
      evalBatchSize: options.evalBatchSize ?? 500,
      heartbeatMs: options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
      ...(options.stopAfterEpochs === undefined ? {} : { stopAfterEpochs: options.stopAfterEpochs }),
    });
    const wideParams = model instanceof EnsembleModel && model.wide !== null ? model.wide.params : null;
    return { ...outcome, runId, backend, params: model.paramCount, flopsPerImage: model.flopsPerImage, wideParams };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await finishRun(store, runId, { status: "failed", reason: reason.slice(0, 10_000) }, lease).catch(() => undefined);
    throw error;
  } finally {
    ema?.dispose();
    optimizer.dispose();
    model.dispose();
  }
}

async function prepare(
  recipe: Recipe,
  arch: string,
  datasetName: string,
  datasetOptions: Readonly<Record<string, unknown>>,
  seed: number,
  backendName: BackendName | undefined,
  wasmThreads: number | undefined,
): Promise<Prepared> {
  const backend = await initBackend({
    ...(backendName === undefined ? {} : { backend: backendName }),
    ...(wasmThreads === undefined ? {} : { wasmThreads }),
  });
  const dataset = await getDataset(datasetName, { ...datasetOptions, resolution: recipe.resolution });
  const spec: ModelSpec = {
    arch,
    imageSize: recipe.resolution,
    channels: dataset.shape.channels,
    numClasses: dataset.numClasses,
    ...modelOptionsOf(recipe),
  };
  const model = createRunModel(recipe, spec, seed);
  try {
    await checkKernels(model, recipe, dataset);
  } catch (error) {
    model.dispose();
    throw error;
  }
  const optimizer = createOptimizer(
    recipe,
    model.parameters
      .filter((p) => p.trainable)
      .map((p) => ({ name: p.name, variable: p.variable, weightDecay: p.weightDecay })),
    methodWeightDecay(recipe),
  );
  const ema = recipe.emaDecay === null ? null : new Ema(model, recipe.emaDecay);
  return { backend, dataset, model, optimizer, ema, spec };
}

/** One forward/backward on two blank images, so a kernel the backend lacks fails now, not mid-run. */
async function checkKernels(model: Model, recipe: Recipe, dataset: Dataset): Promise<void> {
  const k = dataset.numClasses;
  await kernelsUsed(() =>
    tf.tidy(() => {
      const x = tf.zeros([2, recipe.resolution, recipe.resolution, dataset.shape.channels]) as tf.Tensor4D;
      const y = tf.oneHot(tf.tensor1d([0, 1], "int32"), k).toFloat() as tf.Tensor2D;
      const { grads } = tf.variableGrads(
        () => classificationLoss(recipe.loss, model.forward(x, { training: true, updateBatchNormStats: false }), y),
        [...model.trainableVariables],
      );
      return Object.values(grads);
    }),
  );
}

function checkSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > 2_147_483_647) {
    throw new UserError(`seed must be an integer in 0..2147483647, got ${seed}`);
  }
}
