/**
 * Thrown by `fromDict` / `fromJson` at the first value that does not fit the model. `path` names
 * the offending value (`spec.owner.id`, `data[3].spec.resource`; `$` is the whole document).
 *
 * @example
 * try { IamV2ApiKey.fromDict(body); } catch (e) { if (e instanceof ModelValidationError) console.log(e.path); }
 */
export class ModelValidationError extends Error {
  override readonly name = 'ModelValidationError';

  /**
   * @param path where the bad value sits, e.g. `data[1].spec.owner.id`
   * @param reason what is wrong with it, e.g. `expected a string, got number`
   */
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}
