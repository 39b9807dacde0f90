/** An error the seedscope server answered with (MLflow's `error_code` and `message`), or a transport failure. */
export class SeedscopeClientError extends Error {
  constructor(
    message: string,
    /** The HTTP status (0 when no answer came). */
    readonly status: number,
    /** MLflow's error code, e.g. `INVALID_PARAMETER_VALUE`, `RESOURCE_DOES_NOT_EXIST`. */
    readonly errorCode: string | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "SeedscopeClientError";
  }
}
