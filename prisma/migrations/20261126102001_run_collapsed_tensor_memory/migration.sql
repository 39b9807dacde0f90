-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "collapsed" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "peakTensorMb" DOUBLE PRECISION;
