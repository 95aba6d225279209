import { defineModel } from './define-model.js';
import { IamV2ServiceAccount } from './iam-v2-service-account.js';
import { listFields } from './list-fields.js';

/**
 * One page of service accounts (`kind: ServiceAccountList`).
 *
 * @example
 * const page = IamV2ServiceAccountList.fromJson(await res.text());
 * page.data.map((sa) => sa.displayName);
 */
export class IamV2ServiceAccountList extends defineModel(listFields('ServiceAccountList', IamV2ServiceAccount)) {}
