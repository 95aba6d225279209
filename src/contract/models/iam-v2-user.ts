import { defineModel } from './define-model.js';
import { field } from './field.js';
import { resourceFields } from './resource-fields.js';

/**
 * A user (`kind: User`). `auth_type` is read-only and an extensible enum (`AUTH_TYPE_LOCAL`,
 * `AUTH_TYPE_SSO`, …), so any string is accepted.
 *
 * @example
 * const user = IamV2User.fromJson(await res.text());
 * new IamV2User({ fullName: 'Marty McFly' }).toRequestDict(); // { full_name: 'Marty McFly' }
 */
export class IamV2User extends defineModel({
  ...resourceFields('User'),
  /** The user's email address. */
  email: field.string('email'),
  /** The user's full name. */
  fullName: field.string('full_name'),
  /** How the user signs in, e.g. `AUTH_TYPE_SSO`. */
  authType: field.string('auth_type', { readOnly: true }),
}) {}
