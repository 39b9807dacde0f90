-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "rerunOf" INTEGER,
ADD COLUMN     "verification" JSONB;

-- CreateIndex
CREATE INDEX "Run_rerunOf_idx" ON "Run"("rerunOf");

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_rerunOf_fkey" FOREIGN KEY ("rerunOf") REFERENCES "Run"("id") ON DELETE SET NULL ON UPDATE CASCADE;
