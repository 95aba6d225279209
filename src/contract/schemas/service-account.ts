import { Type, type Static } from '@sinclair/typebox';
import { listOf, ObjectMeta, PageQuery } from './common.js';

export const ServiceAccount = Type.Object({
  api_version: Type.Literal('iam/v2'),
  kind: Type.Literal('ServiceAccount'),
  id: Type.String(),
  metadata: ObjectMeta,
  display_name: Type.String(),
  description: Type.String(),
});
export type ServiceAccount = Static<typeof ServiceAccount>;

export const ServiceAccountList = listOf('iam/v2', 'ServiceAccountList', ServiceAccount);
export type ServiceAccountList = Static<typeof ServiceAccountList>;

export const ServiceAccountCreateRequest = Type.Object({
  display_name: Type.String({ minLength: 1, maxLength: 64 }),
  description: Type.Optional(Type.String({ maxLength: 1024 })),
});
export type ServiceAccountCreateRequest = Static<typeof ServiceAccountCreateRequest>;

export const ServiceAccountUpdateRequest = Type.Object({
  display_name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  description: Type.Optional(Type.String({ maxLength: 1024 })),
});
export type ServiceAccountUpdateRequest = Static<typeof ServiceAccountUpdateRequest>;

export const ListServiceAccountsQuery = Type.Object({
  /** Repeatable; several names are OR-ed. */
  display_name: Type.Optional(Type.Array(Type.String())),
  ...PageQuery,
});
export type ListServiceAccountsQuery = Static<typeof ListServiceAccountsQuery>;
