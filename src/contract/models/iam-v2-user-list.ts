import { defineModel } from './define-model.js';
import { IamV2User } from './iam-v2-user.js';
import { listFields } from './list-fields.js';

/**
 * One page of users (`kind: UserList`).
 *
 * @example
 * const page = IamV2UserList.fromJson(await res.text());
 * page.data.map((u) => u.email);
 */
export class IamV2UserList extends defineModel(listFields('UserList', IamV2User)) {}
