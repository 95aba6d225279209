// org/v2 environments have no model class: their wire types come straight from the schemas (type
// imports only, so the SDK never loads TypeBox at run time).
import type {
  Environment as EnvironmentSchema,
  EnvironmentCreateRequest as EnvironmentCreateSchema,
  EnvironmentList as EnvironmentListSchema,
  EnvironmentUpdateRequest as EnvironmentUpdateSchema,
} from '../contract/schemas/environment.js';
import { asPlainList, isObject } from './plain-bodies.js';

/** An org/v2 environment as the API returns it (snake_case wire form). @example const env: Environment = await client.getOrgV2Environment('env-abc123'); env.display_name; */
export type Environment = EnvironmentSchema;
/** One page of environments. @example const page: EnvironmentList = await client.listOrgV2Environments(); page.data.length; */
export type EnvironmentList = EnvironmentListSchema;
/** Body of `createOrgV2Environment`. @example const body: EnvironmentCreateRequest = { display_name: 'prod' }; */
export type EnvironmentCreateRequest = EnvironmentCreateSchema;
/** Body of `updateOrgV2Environment`. @example const body: EnvironmentUpdateRequest = { display_name: 'production' }; */
export type EnvironmentUpdateRequest = EnvironmentUpdateSchema;

/**
 * Checks the few things code relies on (an object with an `id`; a list with `data` and
 * `metadata`), since there is no model class to parse with.
 * @example const env = asEnvironment(body);
 */
export function asEnvironment(body: unknown): Environment {
  if (!isObject(body) || typeof body.id !== 'string') throw new TypeError('expected an Environment object with an id');
  return body as unknown as Environment;
}

/** @see asEnvironment @example const page = asEnvironmentList(body); */
export function asEnvironmentList(body: unknown): EnvironmentList {
  return asPlainList<EnvironmentList>(body, 'EnvironmentList', asEnvironment);
}
