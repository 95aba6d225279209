// Ordered schema changes; `PostgresStore.migrate()` applies each pending one in its own
// transaction. Append new versions, never edit an applied one. The logical schema mirrors
// ../sqlite/sqlite-migrations.ts: soft deletes, and unique names and list indexes partial on live rows.
//
// Timestamps are `text` holding `Date.toISOString()` output, not `timestamptz`: the Store contract
// hands back exactly the string that was written, SQLite stores the same text, and the fixed-width
// UTC form sorts correctly as text, so a timestamptz would only add a lossy-by-format conversion
// (PostgreSQL renders `2024-01-01 00:00:00.1+00`, not `2024-01-01T00:00:00.100Z`).
//
// Ids, and everything compared or ordered with them, use `COLLATE "C"` so `ORDER BY id` and
// `id > $after` follow byte order exactly as SQLite's BINARY collation does, whatever the
// database's default locale is.

export interface PostgresMigration {
  version: number;
  sql: string;
}

const initialSchema = `
CREATE TABLE organizations (
  id           text COLLATE "C" PRIMARY KEY,
  display_name text NOT NULL,
  created_at   text NOT NULL
);

CREATE TABLE users (
  id         text COLLATE "C" PRIMARY KEY,
  org_id     text COLLATE "C" NOT NULL REFERENCES organizations (id),
  email      text NOT NULL,
  full_name  text NOT NULL,
  auth_type  text NOT NULL,
  role       text,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  deleted_at text
);
CREATE UNIQUE INDEX users_live_email ON users (org_id, email) WHERE deleted_at IS NULL;
CREATE INDEX users_live_by_org ON users (org_id, id) WHERE deleted_at IS NULL;

CREATE TABLE service_accounts (
  id           text COLLATE "C" PRIMARY KEY,
  org_id       text COLLATE "C" NOT NULL REFERENCES organizations (id),
  display_name text NOT NULL,
  description  text NOT NULL,
  created_at   text NOT NULL,
  updated_at   text NOT NULL,
  deleted_at   text
);
CREATE UNIQUE INDEX service_accounts_live_name ON service_accounts (org_id, display_name) WHERE deleted_at IS NULL;
CREATE INDEX service_accounts_live_by_org ON service_accounts (org_id, id) WHERE deleted_at IS NULL;

CREATE TABLE environments (
  id                        text COLLATE "C" PRIMARY KEY,
  org_id                    text COLLATE "C" NOT NULL REFERENCES organizations (id),
  display_name              text NOT NULL,
  stream_governance_package text,
  created_at                text NOT NULL,
  updated_at                text NOT NULL,
  deleted_at                text
);
CREATE UNIQUE INDEX environments_live_name ON environments (org_id, display_name) WHERE deleted_at IS NULL;
CREATE INDEX environments_live_by_org ON environments (org_id, id) WHERE deleted_at IS NULL;

-- Deleted keys stay as tombstones so an id is never handed out twice. owner_id has no foreign key
-- (it names a user or a service account depending on owner_kind), nor resource_environment (keys
-- may name resources keyward does not manage).
CREATE TABLE api_keys (
  id                   text COLLATE "C" PRIMARY KEY,
  org_id               text COLLATE "C" NOT NULL REFERENCES organizations (id),
  secret_hash          bytea NOT NULL,
  display_name         text NOT NULL,
  description          text NOT NULL,
  owner_id             text COLLATE "C" NOT NULL,
  owner_kind           text NOT NULL CHECK (owner_kind IN ('User', 'ServiceAccount')),
  resource_id          text COLLATE "C" NOT NULL,
  resource_kind        text NOT NULL,
  resource_api_version text NOT NULL,
  resource_environment text COLLATE "C",
  expires_at           text COLLATE "C",
  created_by           text NOT NULL,
  created_at           text NOT NULL,
  updated_at           text NOT NULL,
  deleted_at           text
);
CREATE INDEX api_keys_live_by_org ON api_keys (org_id, id) WHERE deleted_at IS NULL;
-- Also serves the per-owner quota count and the cascade when a principal is deleted.
CREATE INDEX api_keys_live_by_owner ON api_keys (org_id, owner_id, id) WHERE deleted_at IS NULL;
CREATE INDEX api_keys_live_by_resource ON api_keys (org_id, resource_id, id) WHERE deleted_at IS NULL;
CREATE INDEX api_keys_live_by_environment ON api_keys (org_id, resource_environment)
  WHERE deleted_at IS NULL AND resource_environment IS NOT NULL;

CREATE TABLE audit_log (
  id          bigserial PRIMARY KEY,
  org_id      text COLLATE "C" NOT NULL REFERENCES organizations (id),
  actor_id    text NOT NULL,
  action      text NOT NULL,
  target_kind text NOT NULL,
  target_id   text NOT NULL,
  at          text NOT NULL,
  details     jsonb NOT NULL
);
CREATE INDEX audit_log_by_org ON audit_log (org_id, id);
`;

// Live keys (deleted_at IS NULL; expired ones included) per organization and per (organization,
// owner), so a create reads its quota counts in O(1) instead of counting the organization's keys.
// Every transaction that makes keys live or not live updates them itself, after locking the
// organization's row first (see lockOrganizations in postgres-key-counts.ts). PostgreSQL only:
// SQLite has a single writer and counts on its own.
//
// The organization's total is a column of its row rather than a row of api_key_counts under some
// reserved owner id: every writer holds that row locked already, so the lock reads the total for
// free (and, having waited, reads the version the previous holder committed), and no owner id has
// to be set aside. owner_id has no foreign key, as on api_keys: it names a user or a service
// account. The CHECKs turn a double decrement into a failed write instead of a quota that silently
// lets more keys in.
//
// Counted from the committed rows: instances of an older keyward must be stopped before this runs,
// as they would go on changing keys without changing the counts.
const liveKeyCounts = `
ALTER TABLE organizations ADD COLUMN live_api_keys integer NOT NULL DEFAULT 0 CHECK (live_api_keys >= 0);

CREATE TABLE api_key_counts (
  org_id   text COLLATE "C" NOT NULL REFERENCES organizations (id),
  owner_id text COLLATE "C" NOT NULL,
  live     integer NOT NULL CHECK (live >= 0),
  PRIMARY KEY (org_id, owner_id)
);

INSERT INTO api_key_counts (org_id, owner_id, live)
  SELECT org_id, owner_id, count(*) FROM api_keys WHERE deleted_at IS NULL GROUP BY org_id, owner_id;
UPDATE organizations o SET live_api_keys = c.live
  FROM (SELECT org_id, sum(live) AS live FROM api_key_counts GROUP BY org_id) c
 WHERE o.id = c.org_id;
`;

// An email is one user whatever the case of its letters, as in the SQLite store (its version 2,
// which says why and what happens to existing duplicates). COLLATE "C" makes lower() fold ASCII
// letters only, whatever the database's locale, as SQLite's lower() does.
const emailsRegardlessOfCase = `
DROP INDEX users_live_email;
CREATE UNIQUE INDEX users_live_email ON users (org_id, lower(email COLLATE "C")) WHERE deleted_at IS NULL;
`;

// The history of one target in id order, as in the SQLite store (its version 3).
const auditByTarget = `
CREATE INDEX audit_log_by_target ON audit_log (org_id, target_id, id);
`;

// One actor's changes and one action's, in id order, as in the SQLite store (its version 4). Their
// price is on creates, each of which writes an audit row: 6,477 creates/s against 6,908 without
// them, four runs each in alternation (bench/cpu-per-request.ts create --postgres), about 6%.
const auditByActorAndAction = `
CREATE INDEX audit_log_by_actor ON audit_log (org_id, actor_id, id);
CREATE INDEX audit_log_by_action ON audit_log (org_id, action, id);
`;

export const postgresMigrations: readonly PostgresMigration[] = [
  { version: 1, sql: initialSchema },
  { version: 2, sql: liveKeyCounts },
  { version: 3, sql: emailsRegardlessOfCase },
  { version: 4, sql: auditByTarget },
  { version: 5, sql: auditByActorAndAction },
];
