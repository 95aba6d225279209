// Ordered schema changes for the SQLite store. Append only: a shipped migration is never edited,
// because databases in the field already carry its version number. The PostgreSQL store mirrors
// this logical schema (TEXT -> text, BLOB -> bytea, AUTOINCREMENT -> identity).
//
// Soft deletes: `deleted_at IS NULL` means live. Unique names and every list index are partial on
// live rows, so a deleted name can be reused and tombstones never slow a keyset scan.

export interface Migration {
  version: number;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE organizations (
        id           TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        created_at   TEXT NOT NULL
      );

      CREATE TABLE users (
        id         TEXT PRIMARY KEY,
        org_id     TEXT NOT NULL REFERENCES organizations (id),
        email      TEXT NOT NULL,
        full_name  TEXT NOT NULL,
        auth_type  TEXT NOT NULL,
        role       TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      );
      CREATE UNIQUE INDEX users_live_email ON users (org_id, email) WHERE deleted_at IS NULL;
      CREATE INDEX users_live_by_org ON users (org_id, id) WHERE deleted_at IS NULL;

      CREATE TABLE service_accounts (
        id           TEXT PRIMARY KEY,
        org_id       TEXT NOT NULL REFERENCES organizations (id),
        display_name TEXT NOT NULL,
        description  TEXT NOT NULL,
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL,
        deleted_at   TEXT
      );
      CREATE UNIQUE INDEX service_accounts_live_name ON service_accounts (org_id, display_name) WHERE deleted_at IS NULL;
      CREATE INDEX service_accounts_live_by_org ON service_accounts (org_id, id) WHERE deleted_at IS NULL;

      CREATE TABLE environments (
        id                        TEXT PRIMARY KEY,
        org_id                    TEXT NOT NULL REFERENCES organizations (id),
        display_name              TEXT NOT NULL,
        stream_governance_package TEXT,
        created_at                TEXT NOT NULL,
        updated_at                TEXT NOT NULL,
        deleted_at                TEXT
      );
      CREATE UNIQUE INDEX environments_live_name ON environments (org_id, display_name) WHERE deleted_at IS NULL;
      CREATE INDEX environments_live_by_org ON environments (org_id, id) WHERE deleted_at IS NULL;

      -- owner_id has no foreign key: it points at users or service_accounts depending on owner_kind.
      -- resource_environment has none either: keys may name resources keyward does not manage.
      CREATE TABLE api_keys (
        id                   TEXT PRIMARY KEY,
        org_id               TEXT NOT NULL REFERENCES organizations (id),
        secret_hash          BLOB NOT NULL,
        display_name         TEXT NOT NULL,
        description          TEXT NOT NULL,
        owner_id             TEXT NOT NULL,
        owner_kind           TEXT NOT NULL CHECK (owner_kind IN ('User', 'ServiceAccount')),
        resource_id          TEXT NOT NULL,
        resource_kind        TEXT NOT NULL,
        resource_api_version TEXT NOT NULL,
        resource_environment TEXT,
        expires_at           TEXT,
        created_by           TEXT NOT NULL,
        created_at           TEXT NOT NULL,
        updated_at           TEXT NOT NULL,
        deleted_at           TEXT
      );
      CREATE INDEX api_keys_live_by_org ON api_keys (org_id, id) WHERE deleted_at IS NULL;
      -- Also the per-owner quota count and the cascade on principal deletion.
      CREATE INDEX api_keys_live_by_owner ON api_keys (org_id, owner_id, id) WHERE deleted_at IS NULL;
      CREATE INDEX api_keys_live_by_resource ON api_keys (org_id, resource_id, id) WHERE deleted_at IS NULL;
      -- Lets deleteEnvironment answer 'in_use' without scanning every key.
      CREATE INDEX api_keys_live_by_environment ON api_keys (org_id, resource_environment)
        WHERE deleted_at IS NULL AND resource_environment IS NOT NULL;

      CREATE TABLE audit_log (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        org_id      TEXT NOT NULL REFERENCES organizations (id),
        actor_id    TEXT NOT NULL,
        action      TEXT NOT NULL,
        target_kind TEXT NOT NULL,
        target_id   TEXT NOT NULL,
        at          TEXT NOT NULL,
        details     TEXT NOT NULL
      );
      CREATE INDEX audit_log_by_org ON audit_log (org_id, id);
    `,
  },
  {
    // An email is one user whatever the case of its letters: Alice@Example.com and
    // alice@example.com could both be created before. The address is still stored as given.
    // lower() folds ASCII letters only, as PostgreSQL's lower() under COLLATE "C" does
    // (postgres-migrations.ts, version 3), so both stores refuse the same emails. Fails, naming
    // this index, where two live users of an organization already differ only in case: one of
    // them must be deleted first.
    version: 2,
    sql: `
      DROP INDEX users_live_email;
      CREATE UNIQUE INDEX users_live_email ON users (org_id, lower(email)) WHERE deleted_at IS NULL;
    `,
  },
  {
    // The history of one key, account, user or environment (GET /keyward/v1/audit-events?target_id=)
    // in id order, without reading the rest of the organization's log: every create writes a row.
    version: 3,
    sql: `
      CREATE INDEX audit_log_by_target ON audit_log (org_id, target_id, id);
    `,
  },
  {
    // The same for one actor's changes and for one action (?actor_id=, ?action=): without them a
    // rare action, or a quiet actor, in a long log was found by reading the log until a page was
    // full. Two more index entries for every audit row written: 7,238 creates/s and 118 µs of CPU
    // each, against 7,474/s and 116 µs without them, four runs each in alternation
    // (bench/cpu-per-request.ts create), about 3%. (SQLite ends every index with the rowid anyway;
    // the id is named for PostgreSQL's sake.)
    version: 4,
    sql: `
      CREATE INDEX audit_log_by_actor ON audit_log (org_id, actor_id, id);
      CREATE INDEX audit_log_by_action ON audit_log (org_id, action, id);
    `,
  },
];
