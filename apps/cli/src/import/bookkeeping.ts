/**
 * Arguments of timm's train.py and DeiT's main.py that say where and how a run was executed, not what
 * it trained: output folders, experiment names (often with the seed in them), resume paths, data paths,
 * worker counts, logging, distributed set-up. They are left out of an imported run's configuration, so
 * that runs that differ only by their seed share a recipe and form one seed group.
 */
export const BOOKKEEPING_ARGS: ReadonlySet<string> = new Set([
  // timm train.py
  "output",
  "experiment",
  "resume",
  "no_resume_opt",
  "start_epoch",
  "initial_checkpoint",
  "data_dir",
  "log_interval",
  "recovery_interval",
  "checkpoint_hist",
  "workers",
  "pin_mem",
  "log_wandb",
  "local_rank",
  "device",
  "rank",
  "world_size",
  "distributed",
  "save_images",
  // DeiT / MAE / RepViT main.py
  "output_dir",
  "log_dir",
  "data_path",
  "dist_url",
  "dist_backend",
  "num_workers",
  "gpu",
  "dist_eval",
  "eval",
]);

/** The configuration without its bookkeeping arguments. */
export function withoutBookkeeping(config: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).filter(([key]) => !BOOKKEEPING_ARGS.has(key)));
}
