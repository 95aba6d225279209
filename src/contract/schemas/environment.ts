import { Type, type Static } from '@sinclair/typebox';
import { listOf, ObjectMeta, PageQuery } from './common.js';

export const StreamGovernanceConfig = Type.Object({ package: Type.String({ minLength: 1, maxLength: 64 }) });

export const Environment = Type.Object({
  api_version: Type.Literal('org/v2'),
  kind: Type.Literal('Environment'),
  id: Type.String(),
  metadata: ObjectMeta,
  display_name: Type.String(),
  stream_governance_config: Type.Optional(StreamGovernanceConfig),
});
export type Environment = Static<typeof Environment>;

export const EnvironmentList = listOf('org/v2', 'EnvironmentList', Environment);
export type EnvironmentList = Static<typeof EnvironmentList>;

export const EnvironmentCreateRequest = Type.Object({
  display_name: Type.String({ minLength: 1, maxLength: 64 }),
  stream_governance_config: Type.Optional(StreamGovernanceConfig),
});
export type EnvironmentCreateRequest = Static<typeof EnvironmentCreateRequest>;

export const EnvironmentUpdateRequest = Type.Object({
  display_name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  stream_governance_config: Type.Optional(StreamGovernanceConfig),
});
export type EnvironmentUpdateRequest = Static<typeof EnvironmentUpdateRequest>;

export const ListEnvironmentsQuery = Type.Object({ ...PageQuery });
export type ListEnvironmentsQuery = Static<typeof ListEnvironmentsQuery>;
