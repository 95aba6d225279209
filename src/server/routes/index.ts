// Every operation, registered explicitly so a reader sees the whole API in one place.
import type { App, RouteDeps } from '../app-types.js';
import { apiKeysCreate } from './api-keys-create.js';
import { apiKeysDelete } from './api-keys-delete.js';
import { apiKeysGet } from './api-keys-get.js';
import { apiKeysList } from './api-keys-list.js';
import { apiKeysUpdate } from './api-keys-update.js';
import { environmentsCreate } from './environments-create.js';
import { environmentsDelete } from './environments-delete.js';
import { environmentsGet } from './environments-get.js';
import { environmentsList } from './environments-list.js';
import { environmentsUpdate } from './environments-update.js';
import { keywardAuditEvents } from './keyward-audit-events.js';
import { serviceAccountsCreate } from './service-accounts-create.js';
import { serviceAccountsDelete } from './service-accounts-delete.js';
import { serviceAccountsGet } from './service-accounts-get.js';
import { serviceAccountsList } from './service-accounts-list.js';
import { serviceAccountsUpdate } from './service-accounts-update.js';
import { usersCreate } from './users-create.js';
import { usersDelete } from './users-delete.js';
import { usersGet } from './users-get.js';
import { usersList } from './users-list.js';
import { usersUpdate } from './users-update.js';

/** Routes that need a Cloud or Global API key. */
export const managementRoutes: Array<(app: App, deps: RouteDeps) => void> = [
  apiKeysList, apiKeysCreate, apiKeysGet, apiKeysUpdate, apiKeysDelete,
  serviceAccountsList, serviceAccountsCreate, serviceAccountsGet, serviceAccountsUpdate, serviceAccountsDelete,
  usersList, usersCreate, usersGet, usersUpdate, usersDelete,
  environmentsList, environmentsCreate, environmentsGet, environmentsUpdate, environmentsDelete,
  keywardAuditEvents,
];
