-- DropIndex
DROP INDEX "Run_sweepId_recipeHash_arch_dataset_seed_key";

-- AlterTable
ALTER TABLE "Sweep" ADD COLUMN     "externalName" TEXT,
ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'seedscope';

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "externalKey" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "externalTags" JSONB,
ADD COLUMN     "name" TEXT,
ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'seedscope',
ALTER COLUMN "seed" DROP NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "Sweep_externalName_key" ON "Sweep"("externalName");

-- CreateIndex
CREATE INDEX "Run_source_externalKey_idx" ON "Run"("source", "externalKey");

-- CreateIndex
CREATE UNIQUE INDEX "Run_sweepId_recipeHash_arch_dataset_seed_externalKey_key" ON "Run"("sweepId", "recipeHash", "arch", "dataset", "seed", "externalKey");
