// The model library: classes shaped like openapi-generator's for Confluent's iam/v2 API.
export { ModelValidationError } from './model-validation-error.js';
export { ObjectMeta } from './object-meta.js';
export { ListMeta } from './list-meta.js';
export { ObjectReference } from './object-reference.js';
export { IamV2ApiKeySpec } from './iam-v2-api-key-spec.js';
export { IamV2ApiKey } from './iam-v2-api-key.js';
export { IamV2ApiKeyList } from './iam-v2-api-key-list.js';
export { IamV2ApiKeySpecUpdate } from './iam-v2-api-key-spec-update.js';
export { IamV2ApiKeyUpdate } from './iam-v2-api-key-update.js';
export { IamV2ServiceAccount } from './iam-v2-service-account.js';
export { IamV2ServiceAccountList } from './iam-v2-service-account-list.js';
export { IamV2User } from './iam-v2-user.js';
export { IamV2UserList } from './iam-v2-user-list.js';
export { ModelError, ApiErrorObject } from './model-error.js';
export { ErrorSource } from './error-source.js';
export { Failure } from './failure.js';
export { defineModel, type FieldTable, type ModelClass, type ModelInitArgs, type ModelMethods, type ModelValues } from './define-model.js';
export { field, type Dict, type Field, type FieldOptions, type ModelParser, type Present, type WireModel } from './field.js';
