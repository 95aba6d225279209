import { Type, type Static } from '@sinclair/typebox';
import { listOf, ObjectMeta, ObjectReference, ObjectReferenceInput, PageQuery } from './common.js';

/** Observed state, a keyward addition kept outside `spec` so Confluent's clients ignore it. */
export const ApiKeyStatus = Type.Object({
  phase: Type.Union([Type.Literal('ACTIVE'), Type.Literal('EXPIRED')]),
});

export const ApiKeySpec = Type.Object({
  /** Only in the create response: the one moment the secret is shown. */
  secret: Type.Optional(Type.String()),
  display_name: Type.String(),
  description: Type.String(),
  expires_at: Type.Optional(Type.String({ format: 'date' })),
  created_by: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  owner: ObjectReference,
  resource: Type.Union([ObjectReference, Type.Null()]),
});

export const ApiKey = Type.Object({
  api_version: Type.Literal('iam/v2'),
  kind: Type.Literal('ApiKey'),
  id: Type.String(),
  metadata: ObjectMeta,
  spec: ApiKeySpec,
  status: Type.Optional(ApiKeyStatus),
});
export type ApiKey = Static<typeof ApiKey>;

export const ApiKeyList = listOf('iam/v2', 'ApiKeyList', ApiKey);
export type ApiKeyList = Static<typeof ApiKeyList>;

/** Create body. Read-only fields a client echoes back (api_version, kind …) are ignored. */
export const ApiKeyCreateRequest = Type.Object({
  spec: Type.Object({
    display_name: Type.Optional(Type.String({ maxLength: 255 })),
    description: Type.Optional(Type.String({ maxLength: 1024 })),
    expires_at: Type.Optional(Type.String({ format: 'date' })),
    owner: ObjectReferenceInput,
    resource: Type.Optional(Type.Union([ObjectReferenceInput, Type.Null()])),
  }),
});
export type ApiKeyCreateRequest = Static<typeof ApiKeyCreateRequest>;

/**
 * Update body. Only `display_name` and `description` change; the other spec fields may be sent
 * with their current values (clients echo them) and are compared by the service.
 */
export const ApiKeyUpdateRequest = Type.Object({
  spec: Type.Optional(Type.Object({
    display_name: Type.Optional(Type.String({ maxLength: 255 })),
    description: Type.Optional(Type.String({ maxLength: 1024 })),
    expires_at: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    owner: Type.Optional(Type.Union([ObjectReferenceInput, Type.Null()])),
    resource: Type.Optional(Type.Union([ObjectReferenceInput, Type.Null()])),
    secret: Type.Optional(Type.String()),
    created_by: Type.Optional(Type.String()),
  })),
});
export type ApiKeyUpdateRequest = Static<typeof ApiKeyUpdateRequest>;

export const ListApiKeysQuery = Type.Object({
  'spec.owner': Type.Optional(Type.String()),
  'spec.resource': Type.Optional(Type.String()),
  show_expired: Type.Optional(Type.Boolean({ default: false })),
  ...PageQuery,
});
export type ListApiKeysQuery = Static<typeof ListApiKeysQuery>;
