// Checks keyward's responses against Confluent's official OpenAPI 3.0 contracts (the copies in
// test/contracts/confluent, see contracts.ts), so a test cannot drift from what Confluent's clients expect.
//
//   assertMatchesOpenApi('GET', '/iam/v2/api-keys/ABC', res.statusCode, res.json(), res.headers);
//
// The documents are parsed lazily on first use, and each response schema is compiled once.
import { AssertionError } from 'node:assert';
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { CONTRACT_DOCUMENTS, CONTRACTS_DIR } from './contracts.js';

const DOCUMENT_FILES = CONTRACT_DOCUMENTS;

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

type JsonObject = Record<string, unknown>;

interface Route {
  document: LoadedDocument;
  template: string;
  regex: RegExp;
  /** Literal (non-`{param}`) segments: a more literal template wins over a more generic one. */
  literalSegments: number;
  pathItem: JsonObject;
}

interface LoadedDocument {
  file: string;
  /** The `$id` under which the document's components/schemas are registered with Ajv. */
  schemaId: string;
  doc: JsonObject;
}

type CompiledResponse =
  | { kind: 'json'; validate: ValidateFunction; mediaType: string }
  | { kind: 'empty' };

interface ResolvedResponse {
  route: Route;
  method: string;
  operationId: string;
  statusKey: string;
  response: JsonObject;
}

// ---------------------------------------------------------------------------------------------
// Public API

/**
 * Asserts that a response matches the Confluent contract for `method` + concrete `path` + `status`:
 * the body validates against the documented `application/json` schema, or is empty when the response
 * declares no content (204, 429). Throws an AssertionError when it does not, and also when the
 * path, method or status is not documented at all, so a test can never silently validate nothing.
 *
 * `body` may be the parsed JSON, or the raw payload as a string/Buffer (parsed here; '' is empty).
 * When `headers` is given (a plain record such as light-my-request's `res.headers`, or a fetch
 * `Headers`), a response with a body must carry `Content-Type: application/json…`.
 */
export function assertMatchesOpenApi(
  method: string,
  path: string,
  status: number,
  body: unknown,
  headers?: Record<string, unknown> | Headers,
): void {
  const label = `${method.toUpperCase()} ${path} -> ${status}`;
  const resolved = resolveResponse(method, path, status, label);
  const where =
    `${resolved.route.document.file} ${resolved.operationId} ` +
    `(${resolved.method.toUpperCase()} ${resolved.route.template}, response "${resolved.statusKey}")`;
  const compiled = compiledResponse(resolved);

  if (compiled.kind === 'empty') {
    if (!isEmptyBody(body)) {
      fail(`${label}: ${where} declares no content, but the body is not empty:\n${preview(body)}`, body);
    }
    return;
  }

  if (headers !== undefined) {
    const contentType = headerValue(headers, 'content-type');
    if (contentType === undefined || !contentType.toLowerCase().startsWith('application/json')) {
      fail(
        `${label}: ${where} has an application/json body, but the Content-Type header is ` +
          `${contentType === undefined ? 'missing' : JSON.stringify(contentType)}`,
        contentType,
      );
    }
  }

  if (isEmptyBody(body)) {
    fail(`${label}: ${where} documents an ${compiled.mediaType} body, but the body is empty`, body);
  }
  const data = decodeBody(body, label);
  if (!compiled.validate(data)) {
    fail(
      `${label} does not match ${where}:\n` +
        formatErrors(compiled.validate.errors ?? []) +
        `\nbody: ${preview(data)}`,
      data,
    );
  }
}

/** Whether some contract documents `method` on a template matching the concrete `path`. */
export function isDocumentedPath(method: string, path: string): boolean {
  const m = method.toLowerCase();
  return matchRoutes(path).some((route) => isOperation(route.pathItem[m]));
}

// ---------------------------------------------------------------------------------------------
// Loading (lazy, once)

let loaded: { documents: LoadedDocument[]; routes: Route[]; ajv: Ajv } | undefined;

function contracts(): NonNullable<typeof loaded> {
  if (loaded) return loaded;
  const ajv = createAjv();
  const documents: LoadedDocument[] = [];
  const routes: Route[] = [];
  for (const file of DOCUMENT_FILES) {
    const url = new URL(file, CONTRACTS_DIR);
    let text: string;
    try {
      text = readFileSync(url, 'utf8');
    } catch (err) {
      throw new Error(`cannot read the Confluent contract ${url.pathname}: ${(err as Error).message}`);
    }
    const doc = asObject(parseYaml(text), file);
    const document: LoadedDocument = { file, schemaId: `https://keyward.invalid/contracts/${file}`, doc };
    documents.push(document);

    // Register the document's components/schemas as one schema whose `definitions` the compiled
    // response schemas reference by absolute URI. Ajv compiles a definition only once it is used.
    const schemas = asObject(asObject(doc.components ?? {}, `${file} components`).schemas ?? {}, `${file} schemas`);
    const definitions: JsonObject = {};
    for (const [name, schema] of Object.entries(schemas)) {
      definitions[name] = toJsonSchema(schema, document.schemaId, `${file}#/components/schemas/${name}`);
    }
    ajv.addSchema({ $id: document.schemaId, definitions });

    for (const [template, pathItem] of Object.entries(asObject(doc.paths ?? {}, `${file} paths`))) {
      const segments = template.split('/');
      const pattern = segments
        .map((s) => (/^\{[^}]+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('/');
      routes.push({
        document,
        template,
        regex: new RegExp(`^${pattern}$`),
        literalSegments: segments.filter((s) => !s.startsWith('{')).length,
        pathItem: asObject(pathItem, `${file} ${template}`),
      });
    }
  }
  loaded = { documents, routes, ajv };
  return loaded;
}

function createAjv(): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    // Strict mode stays on for unknown keywords and formats, so an OpenAPI construct this helper does
    // not translate fails loudly at compile time instead of being skipped (which would make the check
    // weaker than the contract). Two strict checks are switched off because the Confluent documents
    // trip them by design, and neither affects what is validated:
    // - strictTypes: the documents layer partial overlays through `allOf`, e.g. `metadata: {allOf:
    //   [{$ref: ObjectMeta}, {properties: {self: {example}}}]}` or `{properties: {spec: {required:
    //   [owner]}}}` without `type: object` beside `properties`. Ajv's strictTypes rejects `properties`
    //   without a `type` in the same (or parent) schema object (it cannot see the type inside the
    //   `$ref`ed sibling), throwing under `strict: true` and logging a warning per compile by default.
    // - strictRequired: overlays such as `{required: [display_name], type: object}` next to a `$ref`
    //   require properties declared only in the referenced schema, which strictRequired rejects.
    // (`strict: false` would also work, but would silently ignore unknown keywords and formats too.)
    strict: true,
    strictTypes: false,
    strictRequired: false,
    // OpenAPI patterns are ECMA-262 regular expressions in the ordinary (non-`u`) mode: org/v2's
    // Organization.display_name pattern contains `\"`, an invalid escape under the `u` flag.
    unicodeRegExp: false,
  });
  // ajv-formats is CommonJS: depending on interop the plugin is the module itself or its `default`.
  const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
    addFormatsModule) as unknown as (ajv: Ajv) => Ajv;
  addFormats(ajv); // full mode: uri, email, date, date-time, int32, ... (the `uri` regex accepts `crn://…`)
  return ajv;
}

// ---------------------------------------------------------------------------------------------
// OpenAPI 3.0 schema -> JSON Schema (draft-07, as Ajv validates it)

/** Keywords of OpenAPI's Schema Object that are annotations only, or that Ajv does not know. */
const OPENAPI_ONLY_KEYWORDS = new Set(['example', 'externalDocs', 'xml', 'discriminator']);
/** Keywords whose value maps names to schemas. */
const SCHEMA_MAP_KEYWORDS = new Set(['properties', 'patternProperties', 'definitions']);
/** Keywords whose value is a schema or a list of schemas. */
const SCHEMA_KEYWORDS = new Set(['items', 'additionalProperties', 'not', 'allOf', 'anyOf', 'oneOf']);
const COMPOSITION_KEYWORDS = ['$ref', 'allOf', 'anyOf', 'oneOf', 'not'];

function toJsonSchema(node: unknown, schemaId: string, at: string): unknown {
  if (typeof node === 'boolean') return node;
  const schema = asObject(node, at);
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-') || OPENAPI_ONLY_KEYWORDS.has(key) || key === 'nullable') continue;
    if (key === '$ref') {
      out.$ref = translateRef(String(value), schemaId, at);
    } else if (SCHEMA_MAP_KEYWORDS.has(key)) {
      out[key] = Object.fromEntries(
        Object.entries(asObject(value, `${at}/${key}`)).map(([name, sub]) => [
          name,
          toJsonSchema(sub, schemaId, `${at}/${key}/${name}`),
        ]),
      );
    } else if (SCHEMA_KEYWORDS.has(key)) {
      out[key] = Array.isArray(value)
        ? value.map((sub, i) => toJsonSchema(sub, schemaId, `${at}/${key}/${i}`))
        : toJsonSchema(value, schemaId, `${at}/${key}`);
    } else {
      out[key] = value; // enum, required, type, format, description, readOnly, ... copied verbatim
    }
  }
  // OpenAPI 3.0 (draft-04 style) boolean exclusiveMinimum/exclusiveMaximum.
  for (const [exclusive, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
    if (typeof out[exclusive] === 'boolean') {
      if (out[exclusive] === true && typeof out[bound] === 'number') {
        out[exclusive] = out[bound];
        delete out[bound];
      } else {
        delete out[exclusive];
      }
    }
  }
  // OpenAPI 3.0 `nullable: true` also admits null. readOnly/writeOnly stay as annotations: Ajv does
  // not enforce them, which is right for responses (readOnly fields are exactly what responses carry).
  if (schema.nullable === true) {
    const composite = COMPOSITION_KEYWORDS.some((k) => k in out);
    if (!composite && typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
      return out;
    }
    // No `type` (e.g. `resource: {allOf: [{$ref: TypedEnvScopedObjectReference}], nullable: true}`):
    // the document's intent is "this reference, or null".
    if (!hasAssertions(out)) return out;
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

const ANNOTATION_KEYWORDS = new Set(['description', 'title', 'readOnly', 'writeOnly', 'default', 'examples', 'deprecated']);
function hasAssertions(schema: JsonObject): boolean {
  return Object.keys(schema).some((k) => !ANNOTATION_KEYWORDS.has(k));
}

function translateRef(ref: string, schemaId: string, at: string): string {
  const prefix = '#/components/schemas/';
  if (ref.startsWith(prefix)) return `${schemaId}#/definitions/${ref.slice(prefix.length)}`;
  throw new Error(`${at}: unsupported $ref ${JSON.stringify(ref)} (only ${prefix}… is translated)`);
}

// ---------------------------------------------------------------------------------------------
// Lookup

function normalisePath(path: string): string {
  let p = path;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(p)) p = new URL(p).pathname;
  return p.replace(/[?#].*$/s, '');
}

function matchRoutes(path: string): Route[] {
  const p = normalisePath(path);
  return contracts()
    .routes.filter((r) => r.regex.test(p))
    .sort((a, b) => b.literalSegments - a.literalSegments);
}

function resolveResponse(method: string, path: string, status: number, label: string): ResolvedResponse {
  const m = method.toLowerCase();
  const routes = matchRoutes(path);
  if (routes.length === 0) {
    const files = contracts().documents.map((d) => d.file).join(', ');
    fail(`${label}: no path template in ${files} matches ${JSON.stringify(normalisePath(path))}`);
  }
  const route = routes.find((r) => isOperation(r.pathItem[m]));
  if (!route) {
    const documented = routes.flatMap((r) =>
      HTTP_METHODS.filter((x) => isOperation(r.pathItem[x])).map((x) => `${x.toUpperCase()} ${r.template}`),
    );
    fail(`${label}: ${method.toUpperCase()} is not documented for this path; documented: ${documented.join(', ')}`);
  }
  const operation = route.pathItem[m] as JsonObject;
  const operationId = typeof operation.operationId === 'string' ? operation.operationId : '(no operationId)';
  const responses = asObject(operation.responses ?? {}, `${route.template} ${m} responses`);
  const rangeKey = Object.keys(responses).find((k) => k.toUpperCase() === `${String(status).charAt(0)}XX`);
  const statusKey =
    String(status) in responses ? String(status) : rangeKey ?? ('default' in responses ? 'default' : undefined);
  if (statusKey === undefined || !Number.isInteger(status)) {
    fail(
      `${label}: status ${status} is not documented for ${route.document.file} ${operationId} ` +
        `(${m.toUpperCase()} ${route.template}); documented: ${Object.keys(responses).join(', ')}`,
    );
  }
  const response = resolveResponseRef(route.document, responses[statusKey], `${route.template} ${m} ${statusKey}`);
  return { route, method: m, operationId, statusKey, response };
}

function resolveResponseRef(document: LoadedDocument, node: unknown, at: string): JsonObject {
  let current = asObject(node, at);
  for (let depth = 0; typeof current.$ref === 'string'; depth++) {
    const ref = current.$ref;
    const prefix = '#/components/responses/';
    if (!ref.startsWith(prefix) || depth > 10) throw new Error(`${document.file} ${at}: unsupported response $ref ${ref}`);
    const responses = asObject(asObject(document.doc.components ?? {}, 'components').responses ?? {}, 'responses');
    const target = responses[decodePointer(ref.slice(prefix.length))];
    if (target === undefined) throw new Error(`${document.file} ${at}: dangling $ref ${ref}`);
    current = asObject(target, ref);
  }
  return current;
}

const compiledCache = new Map<string, CompiledResponse>();

function compiledResponse(resolved: ResolvedResponse): CompiledResponse {
  const { route, method, statusKey, response } = resolved;
  const key = `${route.document.file}\0${route.template}\0${method}\0${statusKey}`;
  const cached = compiledCache.get(key);
  if (cached) return cached;

  let compiled: CompiledResponse;
  const content = response.content === undefined ? {} : asObject(response.content, `${key} content`);
  const mediaTypes = Object.keys(content);
  if (mediaTypes.length === 0) {
    compiled = { kind: 'empty' };
  } else {
    const mediaType = mediaTypes.find((t) => t.split(';')[0]!.trim().toLowerCase() === 'application/json');
    if (mediaType === undefined) {
      throw new Error(
        `${route.document.file} ${method.toUpperCase()} ${route.template} ${statusKey}: ` +
          `no application/json content (documented: ${mediaTypes.join(', ')})`,
      );
    }
    const media = asObject(content[mediaType], `${key} ${mediaType}`);
    const at = `${route.document.file}#/paths/${route.template}/${method}/responses/${statusKey}`;
    const schema = media.schema === undefined ? {} : toJsonSchema(media.schema, route.document.schemaId, at);
    compiled = { kind: 'json', validate: contracts().ajv.compile(schema as JsonObject), mediaType };
  }
  compiledCache.set(key, compiled);
  return compiled;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function isOperation(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && 'responses' in value;
}

function asObject(value: unknown, at: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${at}: expected an object in the OpenAPI document`);
  }
  return value as JsonObject;
}

function decodePointer(segment: string): string {
  return decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
}

function isEmptyBody(body: unknown): boolean {
  if (body === undefined || body === null || body === '') return true;
  return body instanceof Uint8Array && body.byteLength === 0;
}

function decodeBody(body: unknown, label: string): unknown {
  const text =
    typeof body === 'string' ? body : body instanceof Uint8Array ? Buffer.from(body).toString('utf8') : undefined;
  if (text === undefined) return body;
  try {
    return JSON.parse(text);
  } catch {
    return fail(`${label}: the body is not valid JSON: ${truncate(text)}`, body);
  }
}

function headerValue(headers: Record<string, unknown> | Headers, name: string): string | undefined {
  if (typeof Headers !== 'undefined' && headers instanceof Headers) return headers.get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    const first = Array.isArray(value) ? value[0] : value;
    return first === undefined || first === null ? undefined : String(first);
  }
  return undefined;
}

function formatErrors(errors: ErrorObject[]): string {
  const lines = errors.map((e) => {
    const where = e.instancePath === '' ? '(root)' : e.instancePath;
    let detail = e.message ?? 'is invalid';
    if (e.keyword === 'enum') detail += ` ${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)}`;
    if (e.keyword === 'additionalProperties') {
      detail += ` (${JSON.stringify((e.params as { additionalProperty?: unknown }).additionalProperty)})`;
    }
    return `  - ${where}: ${detail} [${e.keyword} at ${e.schemaPath}]`;
  });
  return [...new Set(lines)].join('\n');
}

function truncate(text: string, max = 2000): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

function preview(value: unknown): string {
  if (value instanceof Uint8Array) return truncate(Buffer.from(value).toString('utf8'));
  if (typeof value === 'string') return truncate(value);
  try {
    return truncate(JSON.stringify(value, null, 2) ?? String(value));
  } catch {
    return String(value);
  }
}

function fail(message: string, actual?: unknown): never {
  throw new AssertionError({ message, actual, operator: 'assertMatchesOpenApi', stackStartFn: assertMatchesOpenApi });
}
