// Column shapes both stores read back: the one logical schema that sqlite-migrations.ts and
// postgres-migrations.ts create. Only the audit row differs (JSON as text vs jsonb), so it stays
// with each store.

export interface OrganizationRow {
  id: string;
  display_name: string;
  created_at: string;
}

export interface UserRow {
  id: string;
  org_id: string;
  email: string;
  full_name: string;
  auth_type: string;
  role: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface ServiceAccountRow {
  id: string;
  org_id: string;
  display_name: string;
  description: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface EnvironmentRow {
  id: string;
  org_id: string;
  display_name: string;
  stream_governance_package: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface ApiKeyRow {
  id: string;
  org_id: string;
  secret_hash: Buffer;
  display_name: string;
  description: string;
  owner_id: string;
  owner_kind: string;
  resource_id: string;
  resource_kind: string;
  resource_api_version: string;
  resource_environment: string | null;
  expires_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}
