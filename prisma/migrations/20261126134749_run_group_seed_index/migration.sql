-- CreateIndex
CREATE INDEX "Run_recipeHash_arch_dataset_seed_id_idx" ON "Run"("recipeHash", "arch", "dataset", "seed", "id" DESC);
