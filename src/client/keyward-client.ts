// The SDK: one method per operation of Confluent's iam/v2 and org/v2 APIs (named after its
// operationId), taking and returning the model classes. Works the same against keyward and
// against Confluent Cloud, except keyward's own keyward/v1 audit events.
import {
  IamV2ApiKey, IamV2ApiKeyList, IamV2ServiceAccount, IamV2ServiceAccountList, IamV2User, IamV2UserList,
  type IamV2ApiKeyUpdate,
} from '../contract/models/index.js';
import { ApiClientError } from './api-client-error.js';
import { asAuditEventList, type AuditEvent, type AuditEventList } from './audit-event.js';
import { clientOptionsFromEnv, type KeywardClientOptions, type RequestOptions } from './client-options.js';
import {
  asEnvironment, asEnvironmentList,
  type Environment, type EnvironmentCreateRequest, type EnvironmentList, type EnvironmentUpdateRequest,
} from './environment.js';
import { HttpTransport, type HttpRequest, type QueryParams } from './http-transport.js';
import {
  apiKeysQuery, auditEventsQuery, pageQuery, serviceAccountsQuery,
  type ListApiKeysParams, type ListAuditEventsParams, type ListServiceAccountsParams, type PageParams,
} from './list-params.js';
import { paginate, type ListPage } from './paginate.js';

/** Options of `createIamV2User`, keyward's extension. @example { role: 'OrganizationAdmin' } */
export interface CreateUserOptions extends RequestOptions {
  /** Make the new user an organization admin. */
  role?: 'OrganizationAdmin';
}

// listAll… asks for the largest page the API allows, so thousands of items cost few round trips.
const ALL_PAGE_SIZE = 100;

/**
 * A client for keyward or any Confluent Cloud-compatible `iam/v2` endpoint. Retries 429 and 5xx
 * with backoff (never a POST that may have reached the server), times out each attempt, and throws
 * {@link ApiClientError} for every failure.
 *
 * @example
 * const client = new KeywardClient({ baseUrl: 'http://localhost:8080', apiKey: 'ABC…', apiSecret: 'cflt…' });
 * for await (const key of client.listAllIamV2ApiKeys({ owner: 'sa-abc123' })) console.log(key.id);
 */
export class KeywardClient {
  private readonly transport: HttpTransport;

  /** @example new KeywardClient({ baseUrl: 'https://api.confluent.cloud', apiKey, apiSecret, timeoutMs: 10_000 }) */
  constructor(options: KeywardClientOptions) {
    this.transport = new HttpTransport(options);
  }

  /**
   * A client configured from `KEYWARD_URL`, `KEYWARD_API_KEY` and `KEYWARD_API_SECRET`, with `overrides` on top.
   * @example const client = KeywardClient.fromEnv();
   */
  static fromEnv(env: Record<string, string | undefined> = process.env, overrides: Partial<KeywardClientOptions> = {}): KeywardClient {
    return new KeywardClient({ ...clientOptionsFromEnv(env), ...overrides });
  }

  // ---- API keys (iam/v2) ----

  /** One page of API keys. @example const page = await client.listIamV2ApiKeys({ owner: 'sa-abc123', pageSize: 50 }); */
  listIamV2ApiKeys(params: ListApiKeysParams = {}, options?: RequestOptions): Promise<IamV2ApiKeyList> {
    return this.call({ method: 'GET', path: '/iam/v2/api-keys', query: apiKeysQuery(params), options }, (b) => IamV2ApiKeyList.fromDict(b));
  }

  /** Every API key matching the filters, page after page. @example for await (const k of client.listAllIamV2ApiKeys({ resource: 'cloud' })) console.log(k.id); */
  listAllIamV2ApiKeys(params: Omit<ListApiKeysParams, 'pageToken'> = {}, options?: RequestOptions): AsyncGenerator<IamV2ApiKey, void, undefined> {
    return this.all('/iam/v2/api-keys', apiKeysQuery({ ...params, pageSize: params.pageSize ?? ALL_PAGE_SIZE }), (b) => IamV2ApiKeyList.fromDict(b), options);
  }

  /**
   * Creates an API key; the answer is the only one that carries `spec.secret`.
   * @example
   * const key = await client.createIamV2ApiKey(new IamV2ApiKey({
   *   spec: new IamV2ApiKeySpec({ owner: new ObjectReference({ id: 'sa-abc123' }), resource: new ObjectReference({ id: 'cloud' }) }),
   * }));
   * console.log(key.id, key.spec?.secret);
   */
  createIamV2ApiKey(key: IamV2ApiKey, options?: RequestOptions): Promise<IamV2ApiKey> {
    return this.call({ method: 'POST', path: '/iam/v2/api-keys', body: key.toRequestDict(), options }, (b) => IamV2ApiKey.fromDict(b));
  }

  /** Reads one API key (never its secret). @example const key = await client.getIamV2ApiKey('ABCDEFGH12345678'); */
  getIamV2ApiKey(id: string, options?: RequestOptions): Promise<IamV2ApiKey> {
    return this.call({ method: 'GET', path: `/iam/v2/api-keys/${enc(id)}`, options }, (b) => IamV2ApiKey.fromDict(b));
  }

  /**
   * Changes an API key's `display_name` and/or `description`.
   * @example await client.updateIamV2ApiKey(id, new IamV2ApiKeyUpdate({ spec: new IamV2ApiKeySpecUpdate({ description: 'rotated' }) }));
   */
  updateIamV2ApiKey(id: string, update: IamV2ApiKeyUpdate, options?: RequestOptions): Promise<IamV2ApiKey> {
    return this.call({ method: 'PATCH', path: `/iam/v2/api-keys/${enc(id)}`, body: update.toRequestDict(), options }, (b) => IamV2ApiKey.fromDict(b));
  }

  /** Deletes an API key. @example await client.deleteIamV2ApiKey('ABCDEFGH12345678'); */
  async deleteIamV2ApiKey(id: string, options?: RequestOptions): Promise<void> {
    await this.transport.send({ method: 'DELETE', path: `/iam/v2/api-keys/${enc(id)}`, options });
  }

  // ---- service accounts (iam/v2) ----

  /** One page of service accounts. @example const page = await client.listIamV2ServiceAccounts({ displayName: ['ci-bot'] }); */
  listIamV2ServiceAccounts(params: ListServiceAccountsParams = {}, options?: RequestOptions): Promise<IamV2ServiceAccountList> {
    return this.call({ method: 'GET', path: '/iam/v2/service-accounts', query: serviceAccountsQuery(params), options }, (b) => IamV2ServiceAccountList.fromDict(b));
  }

  /** Every service account. @example for await (const sa of client.listAllIamV2ServiceAccounts()) console.log(sa.displayName); */
  listAllIamV2ServiceAccounts(params: Omit<ListServiceAccountsParams, 'pageToken'> = {}, options?: RequestOptions): AsyncGenerator<IamV2ServiceAccount, void, undefined> {
    return this.all('/iam/v2/service-accounts', serviceAccountsQuery({ ...params, pageSize: params.pageSize ?? ALL_PAGE_SIZE }), (b) => IamV2ServiceAccountList.fromDict(b), options);
  }

  /** Creates a service account. @example const sa = await client.createIamV2ServiceAccount(new IamV2ServiceAccount({ displayName: 'ci-bot', description: 'CI' })); */
  createIamV2ServiceAccount(serviceAccount: IamV2ServiceAccount, options?: RequestOptions): Promise<IamV2ServiceAccount> {
    return this.call({ method: 'POST', path: '/iam/v2/service-accounts', body: serviceAccount.toRequestDict(), options }, (b) => IamV2ServiceAccount.fromDict(b));
  }

  /** Reads one service account. @example const sa = await client.getIamV2ServiceAccount('sa-abc123'); */
  getIamV2ServiceAccount(id: string, options?: RequestOptions): Promise<IamV2ServiceAccount> {
    return this.call({ method: 'GET', path: `/iam/v2/service-accounts/${enc(id)}`, options }, (b) => IamV2ServiceAccount.fromDict(b));
  }

  /** Changes `display_name` and/or `description` (the fields set on `update`). @example await client.updateIamV2ServiceAccount('sa-abc123', new IamV2ServiceAccount({ description: 'deploys' })); */
  updateIamV2ServiceAccount(id: string, update: IamV2ServiceAccount, options?: RequestOptions): Promise<IamV2ServiceAccount> {
    return this.call({ method: 'PATCH', path: `/iam/v2/service-accounts/${enc(id)}`, body: update.toRequestDict(), options }, (b) => IamV2ServiceAccount.fromDict(b));
  }

  /** Deletes a service account and its API keys. @example await client.deleteIamV2ServiceAccount('sa-abc123'); */
  async deleteIamV2ServiceAccount(id: string, options?: RequestOptions): Promise<void> {
    await this.transport.send({ method: 'DELETE', path: `/iam/v2/service-accounts/${enc(id)}`, options });
  }

  // ---- users (iam/v2) ----

  /** One page of users. @example const page = await client.listIamV2Users({ pageSize: 100 }); */
  listIamV2Users(params: PageParams = {}, options?: RequestOptions): Promise<IamV2UserList> {
    return this.call({ method: 'GET', path: '/iam/v2/users', query: pageQuery(params), options }, (b) => IamV2UserList.fromDict(b));
  }

  /** Every user. @example for await (const u of client.listAllIamV2Users()) console.log(u.email); */
  listAllIamV2Users(params: Omit<PageParams, 'pageToken'> = {}, options?: RequestOptions): AsyncGenerator<IamV2User, void, undefined> {
    return this.all('/iam/v2/users', pageQuery({ pageSize: params.pageSize ?? ALL_PAGE_SIZE }), (b) => IamV2UserList.fromDict(b), options);
  }

  /**
   * Creates a user directly: a keyward extension (`POST /iam/v2/users`); Confluent Cloud invites users instead.
   * @example const u = await client.createIamV2User(new IamV2User({ email: 'marty@example.com', fullName: 'Marty McFly' }));
   */
  createIamV2User(user: IamV2User, options: CreateUserOptions = {}): Promise<IamV2User> {
    const { role, ...requestOptions } = options;
    const body = { ...user.toRequestDict(), ...(role && { role }) };
    return this.call({ method: 'POST', path: '/iam/v2/users', body, options: requestOptions }, (b) => IamV2User.fromDict(b));
  }

  /** Reads one user. @example const u = await client.getIamV2User('u-abc123'); */
  getIamV2User(id: string, options?: RequestOptions): Promise<IamV2User> {
    return this.call({ method: 'GET', path: `/iam/v2/users/${enc(id)}`, options }, (b) => IamV2User.fromDict(b));
  }

  /** Changes a user's `full_name`. @example await client.updateIamV2User('u-abc123', new IamV2User({ fullName: 'Emmett Brown' })); */
  updateIamV2User(id: string, update: IamV2User, options?: RequestOptions): Promise<IamV2User> {
    // Only full_name may change; sending the email too would be ignored at best.
    const body = { full_name: update.fullName };
    return this.call({ method: 'PATCH', path: `/iam/v2/users/${enc(id)}`, body, options }, (b) => IamV2User.fromDict(b));
  }

  /** Deletes a user and the user's API keys. @example await client.deleteIamV2User('u-abc123'); */
  async deleteIamV2User(id: string, options?: RequestOptions): Promise<void> {
    await this.transport.send({ method: 'DELETE', path: `/iam/v2/users/${enc(id)}`, options });
  }

  // ---- environments (org/v2) ----

  /** One page of environments; any valid Cloud key may call it, so it also checks credentials. @example await client.listOrgV2Environments({ pageSize: 1 }); */
  listOrgV2Environments(params: PageParams = {}, options?: RequestOptions): Promise<EnvironmentList> {
    return this.call({ method: 'GET', path: '/org/v2/environments', query: pageQuery(params), options }, asEnvironmentList);
  }

  /** Every environment. @example for await (const env of client.listAllOrgV2Environments()) console.log(env.id); */
  listAllOrgV2Environments(params: Omit<PageParams, 'pageToken'> = {}, options?: RequestOptions): AsyncGenerator<Environment, void, undefined> {
    return this.all('/org/v2/environments', pageQuery({ pageSize: params.pageSize ?? ALL_PAGE_SIZE }), asEnvironmentList, options);
  }

  /** Creates an environment. @example const env = await client.createOrgV2Environment({ display_name: 'prod' }); */
  createOrgV2Environment(body: EnvironmentCreateRequest, options?: RequestOptions): Promise<Environment> {
    return this.call({ method: 'POST', path: '/org/v2/environments', body, options }, asEnvironment);
  }

  /** Reads one environment. @example const env = await client.getOrgV2Environment('env-abc123'); */
  getOrgV2Environment(id: string, options?: RequestOptions): Promise<Environment> {
    return this.call({ method: 'GET', path: `/org/v2/environments/${enc(id)}`, options }, asEnvironment);
  }

  /** Renames an environment or changes its governance package. @example await client.updateOrgV2Environment('env-abc123', { display_name: 'production' }); */
  updateOrgV2Environment(id: string, body: EnvironmentUpdateRequest, options?: RequestOptions): Promise<Environment> {
    return this.call({ method: 'PATCH', path: `/org/v2/environments/${enc(id)}`, body, options }, asEnvironment);
  }

  /** Deletes an environment. @example await client.deleteOrgV2Environment('env-abc123'); */
  async deleteOrgV2Environment(id: string, options?: RequestOptions): Promise<void> {
    await this.transport.send({ method: 'DELETE', path: `/org/v2/environments/${enc(id)}`, options });
  }

  // ---- audit events (keyward/v1) ----

  /** One page of the audit log, oldest first unless `order` says newest; OrganizationAdmins only. @example await client.listKeywardV1AuditEvents({ action: 'api_key.delete' }); */
  listKeywardV1AuditEvents(params: ListAuditEventsParams = {}, options?: RequestOptions): Promise<AuditEventList> {
    return this.call({ method: 'GET', path: '/keyward/v1/audit-events', query: auditEventsQuery(params), options }, asAuditEventList);
  }

  /** Every audit event matching the filters, in `order` (default oldest first). @example for await (const e of client.listAllKeywardV1AuditEvents({ targetId: 'sa-abc123', order: 'newest_first' })) console.log(e.action); */
  listAllKeywardV1AuditEvents(params: Omit<ListAuditEventsParams, 'pageToken'> = {}, options?: RequestOptions): AsyncGenerator<AuditEvent, void, undefined> {
    return this.all('/keyward/v1/audit-events', auditEventsQuery({ ...params, pageSize: params.pageSize ?? ALL_PAGE_SIZE }), asAuditEventList, options);
  }

  // ---- plumbing ----

  /** Sends the request and parses a 2xx body; a body that does not parse is the server's fault, reported with its request id. */
  private async call<T>(request: HttpRequest, parse: (body: unknown) => T): Promise<T> {
    const res = await this.transport.send(request);
    try {
      return parse(res.body);
    } catch (err) {
      throw new ApiClientError({
        status: res.status, code: 'invalid_response', requestId: res.requestId, cause: err,
        detail: `unexpected ${request.method} ${request.path} response: ${(err as Error).message}`,
      });
    }
  }

  private all<T>(path: string, firstQuery: QueryParams, parse: (body: unknown) => ListPage<T>, options: RequestOptions | undefined): AsyncGenerator<T, void, undefined> {
    return paginate((next) => this.call({ method: 'GET', path, query: next ?? firstQuery, options }, parse));
  }
}

function enc(id: string): string {
  return encodeURIComponent(id);
}
