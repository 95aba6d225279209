import { Type, type Static } from '@sinclair/typebox';
import { listOf, ObjectMeta, PageQuery } from './common.js';

export const User = Type.Object({
  api_version: Type.Literal('iam/v2'),
  kind: Type.Literal('User'),
  id: Type.String(),
  metadata: ObjectMeta,
  email: Type.String(),
  full_name: Type.String(),
  auth_type: Type.String(),
});
export type User = Static<typeof User>;

export const UserList = listOf('iam/v2', 'UserList', User);
export type UserList = Static<typeof UserList>;

/** keyward extension: Confluent invites users; keyward lets an admin create them directly. */
export const UserCreateRequest = Type.Object({
  email: Type.String({ format: 'email', maxLength: 254 }),
  full_name: Type.String({ maxLength: 255 }),
  /** keyward extension: make the user an OrganizationAdmin. */
  role: Type.Optional(Type.Union([Type.Literal('OrganizationAdmin'), Type.Null()])),
});
export type UserCreateRequest = Static<typeof UserCreateRequest>;

export const UserUpdateRequest = Type.Object({
  full_name: Type.Optional(Type.String({ maxLength: 255 })),
});
export type UserUpdateRequest = Static<typeof UserUpdateRequest>;

export const ListUsersQuery = Type.Object({ ...PageQuery });
export type ListUsersQuery = Static<typeof ListUsersQuery>;
