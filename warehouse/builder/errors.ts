/** Errors of `veta build`: a model that does not run, or a project of models that does not hang together. */
export class ModelBuildError extends Error {
  constructor(
    readonly model: string,
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${model} (${file}): ${message}`, options);
    this.name = 'ModelBuildError';
  }
}

export class ProjectError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProjectError';
  }
}
