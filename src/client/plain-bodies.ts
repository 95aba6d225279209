// Checks for the bodies the SDK returns without a model class (environments, audit events): only
// what code relies on is checked, an object with an id, a list with data and metadata.

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `body` as a list of `what`: an object with `data` (each item checked by `asItem`) and `metadata`.
 * @example const page = asPlainList<EnvironmentList>(body, 'EnvironmentList', asEnvironment);
 */
export function asPlainList<L>(body: unknown, what: string, asItem: (item: unknown) => unknown): L {
  if (!isObject(body) || !Array.isArray(body.data) || !isObject(body.metadata)) throw new TypeError(`expected an ${what} with data and metadata`);
  body.data.forEach(asItem);
  return body as unknown as L;
}
