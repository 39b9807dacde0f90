/** The database clock in UTC (Prisma stores timestamps without time zone as UTC). */
export const DB_NOW = `timezone('UTC', now())`;
