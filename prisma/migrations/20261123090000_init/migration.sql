-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('queued', 'running', 'finished', 'failed', 'diverged', 'interrupted');

-- CreateTable
CREATE TABLE "Recipe" (
    "hash" TEXT NOT NULL,
    "name" TEXT,
    "parentHash" TEXT,
    "body" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Recipe_pkey" PRIMARY KEY ("hash")
);

-- CreateTable
CREATE TABLE "Sweep" (
    "id" SERIAL NOT NULL,
    "name" TEXT,
    "plan" JSONB NOT NULL,
    "launchedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Sweep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Run" (
    "id" SERIAL NOT NULL,
    "sweepId" INTEGER,
    "recipeHash" TEXT NOT NULL,
    "arch" TEXT NOT NULL,
    "archSpec" JSONB NOT NULL,
    "dataset" TEXT NOT NULL,
    "seed" INTEGER NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'queued',
    "statusReason" TEXT,
    "worker" TEXT,
    "heartbeatAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "epochsDone" INTEGER NOT NULL DEFAULT 0,
    "gitCommit" TEXT,
    "gitDirty" BOOLEAN,
    "environment" JSONB,
    "params" INTEGER,
    "flops" DOUBLE PRECISION,
    "throughput" DOUBLE PRECISION,
    "peakMemoryMb" DOUBLE PRECISION,
    "summary" JSONB,
    "valTop1" DOUBLE PRECISION,
    "v2Top1" DOUBLE PRECISION,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "note" TEXT,

    CONSTRAINT "Run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Metric" (
    "runId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "Metric_pkey" PRIMARY KEY ("runId","key","step")
);

-- CreateTable
CREATE TABLE "RunEvent" (
    "id" SERIAL NOT NULL,
    "runId" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" "RunStatus" NOT NULL,
    "message" TEXT,

    CONSTRAINT "RunEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Recipe_name_idx" ON "Recipe"("name");

-- CreateIndex
CREATE INDEX "Recipe_parentHash_idx" ON "Recipe"("parentHash");

-- CreateIndex
CREATE INDEX "Run_sweepId_status_idx" ON "Run"("sweepId", "status");

-- CreateIndex
CREATE INDEX "Run_recipeHash_idx" ON "Run"("recipeHash");

-- CreateIndex
CREATE INDEX "Run_arch_idx" ON "Run"("arch");

-- CreateIndex
CREATE INDEX "Run_status_idx" ON "Run"("status");

-- CreateIndex
CREATE INDEX "Run_dataset_idx" ON "Run"("dataset");

-- CreateIndex
CREATE UNIQUE INDEX "Run_sweepId_recipeHash_arch_dataset_seed_key" ON "Run"("sweepId", "recipeHash", "arch", "dataset", "seed");

-- CreateIndex
CREATE INDEX "RunEvent_runId_at_idx" ON "RunEvent"("runId", "at");

-- AddForeignKey
ALTER TABLE "Recipe" ADD CONSTRAINT "Recipe_parentHash_fkey" FOREIGN KEY ("parentHash") REFERENCES "Recipe"("hash") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_sweepId_fkey" FOREIGN KEY ("sweepId") REFERENCES "Sweep"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_recipeHash_fkey" FOREIGN KEY ("recipeHash") REFERENCES "Recipe"("hash") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Metric" ADD CONSTRAINT "Metric_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunEvent" ADD CONSTRAINT "RunEvent_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

