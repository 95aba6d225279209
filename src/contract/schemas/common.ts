// Wire shapes shared by every resource, as Confluent's OpenAPI documents define them.
import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** A reference to another object in a response: always with non-empty `related` and `resource_name`. */
export const ObjectReference = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 255 }),
  environment: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  related: Type.String({ minLength: 1 }),
  resource_name: Type.String({ minLength: 1 }),
  api_version: Type.Optional(Type.String({ minLength: 1 })),
  kind: Type.Optional(Type.String({ minLength: 1 })),
});
export type ObjectReference = Static<typeof ObjectReference>;

/**
 * A reference as clients send it: only `id` matters. The Go SDK always adds empty `related` and
 * `resource_name`, Terraform adds `kind`; all are accepted and ignored.
 */
export const ObjectReferenceInput = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 255 }),
  environment: Type.Optional(Type.String({ maxLength: 255 })),
  related: Type.Optional(Type.String()),
  resource_name: Type.Optional(Type.String()),
  api_version: Type.Optional(Type.String()),
  kind: Type.Optional(Type.String()),
});
export type ObjectReferenceInput = Static<typeof ObjectReferenceInput>;

export const ObjectMeta = Type.Object({
  self: Type.String(),
  resource_name: Type.Optional(Type.String()),
  created_at: Type.Optional(Type.String()),
  updated_at: Type.Optional(Type.String()),
  deleted_at: Type.Optional(Type.String()),
});
export type ObjectMeta = Static<typeof ObjectMeta>;

/** `next` is absent on the last page, never null: a null `next` breaks Terraform's paging. */
export const ListMeta = Type.Object({
  first: Type.Optional(Type.String()),
  last: Type.Optional(Type.String()),
  prev: Type.Optional(Type.String()),
  next: Type.Optional(Type.String()),
  total_size: Type.Optional(Type.Integer({ minimum: 0 })),
});
export type ListMeta = Static<typeof ListMeta>;

export const ErrorSource = Type.Object({
  pointer: Type.Optional(Type.String()),
  parameter: Type.Optional(Type.String()),
});

export const ErrorObject = Type.Object({
  id: Type.Optional(Type.String({ maxLength: 255 })),
  status: Type.Optional(Type.String()),
  code: Type.Optional(Type.String()),
  title: Type.Optional(Type.String()),
  detail: Type.Optional(Type.String()),
  source: Type.Optional(ErrorSource),
});
export type ErrorObject = Static<typeof ErrorObject>;

export const Failure = Type.Object({ errors: Type.Array(ErrorObject) });
export type Failure = Static<typeof Failure>;

export const PageQuery = {
  page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
  page_token: Type.Optional(Type.String({ maxLength: 255 })),
};

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 255 }) });
export type IdParams = Static<typeof IdParams>;

/** The list envelope every collection uses: `{api_version, kind, metadata, data}`. */
export function listOf<T extends TSchema>(apiVersion: string, kind: string, item: T) {
  return Type.Object({
    api_version: Type.Literal(apiVersion),
    kind: Type.Literal(kind),
    metadata: ListMeta,
    data: Type.Array(item),
  });
}
