/** Errors ingest raises for a whole file. Row-level problems are not errors: they become rejects with a reason. */
export class IngestError extends Error {
  constructor(
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${message}`, options);
    this.name = 'IngestError';
  }
}

export function isIngestError(error: unknown): error is IngestError {
  return error instanceof IngestError;
}
