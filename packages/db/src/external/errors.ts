import { UserError } from "@seedscope/core";

/** Asked for a study or run that does not exist (MLflow's RESOURCE_DOES_NOT_EXIST). */
export class NotFoundError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = "NotFoundError";
  }
}

/** Asked to create what already exists, e.g. a second study of one name (MLflow's RESOURCE_ALREADY_EXISTS). */
export class AlreadyExistsError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = "AlreadyExistsError";
  }
}

/** A write that contradicts what is stored, e.g. a parameter logged again with another value. */
export class ConflictError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = "ConflictError";
  }
}
