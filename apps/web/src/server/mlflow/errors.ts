import { UserError } from "@seedscope/core";
import { AlreadyExistsError, ConflictError, NotFoundError } from "@seedscope/db";

/** MLflow's error codes this API answers with, and their HTTP statuses (as MLflow's server sends them). */
export const MLFLOW_ERROR_STATUS = {
  INVALID_PARAMETER_VALUE: 400,
  RESOURCE_ALREADY_EXISTS: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  RESOURCE_DOES_NOT_EXIST: 404,
  ENDPOINT_NOT_FOUND: 404,
  INVALID_STATE: 400,
  REQUEST_LIMIT_EXCEEDED: 413,
  INTERNAL_ERROR: 500,
  NOT_IMPLEMENTED: 501,
} as const;

export type MlflowErrorCode = keyof typeof MLFLOW_ERROR_STATUS;

/** A failure answered as `{"error_code": …, "message": …}` with the code's HTTP status. */
export class MlflowError extends Error {
  readonly status: number;
  constructor(
    readonly code: MlflowErrorCode,
    message: string,
    status?: number,
  ) {
    super(message);
    this.name = "MlflowError";
    this.status = status ?? MLFLOW_ERROR_STATUS[code];
  }
}

export const invalid = (message: string) => new MlflowError("INVALID_PARAMETER_VALUE", message);

export function sentence(text: string): string {
  const flat = text
    .replace(/:\s*\n\s*/g, ": ")
    .replace(/\s*\n\s*/g, "; ")
    .replace(/\s+/g, " ")
    .trim();
  const capital = flat.charAt(0).toUpperCase() + flat.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** The MLflow error for whatever a handler threw; null for a server-side failure (the caller logs it). */
export function mlflowErrorOf(error: unknown): MlflowError | null {
  if (error instanceof MlflowError) return error;
  if (error instanceof NotFoundError) return new MlflowError("RESOURCE_DOES_NOT_EXIST", sentence(error.message));
  if (error instanceof AlreadyExistsError) return new MlflowError("RESOURCE_ALREADY_EXISTS", sentence(error.message));
  if (error instanceof ConflictError) return new MlflowError("INVALID_PARAMETER_VALUE", sentence(error.message));
  if (error instanceof UserError) return new MlflowError("INVALID_PARAMETER_VALUE", sentence(error.message));
  return null;
}
