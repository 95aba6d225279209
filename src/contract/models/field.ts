// The field readers/writers every model is declared with. A model class is a table of these
// (camelCase property -> field), so parsing, wire output and request output come from one place.
import { ModelValidationError } from './model-validation-error.js';

/** A JSON object on the wire. @example const body: Dict = { api_version: 'iam/v2' }; */
export type Dict = Record<string, unknown>;

/** What a nested model instance can do; every defined model satisfies it. @example const d = (m as WireModel).toDict(); */
export interface WireModel {
  toDict(): Dict;
  toRequestDict(): Dict;
}

/** A model class as a field sees it: something that parses a wire value found at `path`. @example field.model('owner', ObjectReference) */
export interface ModelParser<M extends WireModel> {
  readonly prototype: M;
  fromDict(obj: unknown, path?: string): unknown;
}

/**
 * Presence rules shared by all fields. `required`: the key must be present (null counts as present);
 * `nullable`: an explicit `null` is kept as `null`; `readOnly`: left out of `toRequestDict()`.
 * @example field.string('next', { nullable: true })
 */
export interface FieldOptions {
  readonly required?: boolean;
  readonly nullable?: boolean;
  readonly readOnly?: boolean;
}

/** Options of `field.string`: `enum` lists the only accepted values. @example { enum: ['iam/v2'], readOnly: true } */
export interface StringOptions extends FieldOptions {
  readonly enum?: readonly string[];
}

/** Options of `field.integer`. @example { minimum: 0 } */
export interface IntegerOptions extends FieldOptions {
  readonly minimum?: number;
}

/** The property type a field yields: `V`, plus `undefined` unless required, plus `null` if nullable. @example Present<string, { nullable: true }> // string | null | undefined */
export type Present<V, O extends FieldOptions> =
  | V
  | (O['required'] extends true ? never : undefined)
  | (O['nullable'] extends true ? null : never);

/** One wire property of a model, and how to read and write it. @example const f: Field<string | undefined> = field.string('id'); */
export interface Field<T> {
  readonly wire: string;
  readonly required: boolean;
  readonly nullable: boolean;
  readonly readOnly: boolean;
  /** Reads `obj[wire]` (own properties only); throws ModelValidationError at `path.wire`. */
  read(obj: Dict, path: string): T;
  /** Wire form of a present, non-null value; `request` selects the request form of nested models. */
  encode(value: NonNullable<T>, request: boolean): unknown;
}

/** The path of `key` inside the value at `path` (`$` is the document root). @example childPath('spec', 'owner') // 'spec.owner' */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '$' ? key : `${path}.${key}`;
}

/** Checks that `value` is a JSON object (not null, not an array). @example const o = asDict(JSON.parse(text), '$'); */
export function asDict(value: unknown, path: string): Dict {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ModelValidationError(path, `expected an object, got ${describe(value)}`);
  }
  return value as Dict;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  // Quote strings, but only their start: a message must not carry a whole secret pasted in the wrong place.
  if (typeof value === 'string') return JSON.stringify(value.length > 32 ? `${value.slice(0, 32)}…` : value);
  return typeof value;
}

function define<V, O extends FieldOptions>(
  wire: string,
  opts: O,
  check: (value: unknown, at: string) => V,
  encode: (value: V, request: boolean) => unknown = (value) => value,
): Field<Present<V, O>> {
  return {
    wire,
    required: opts.required ?? false,
    nullable: opts.nullable ?? false,
    readOnly: opts.readOnly ?? false,
    read(obj, path) {
      const at = childPath(path, wire);
      const value = Object.hasOwn(obj, wire) ? obj[wire] : undefined;
      if (value === undefined) {
        if (opts.required) throw new ModelValidationError(at, 'is required');
        return undefined as Present<V, O>;
      }
      if (value === null && opts.nullable) return null as Present<V, O>;
      return check(value, at);
    },
    encode: (value, request) => encode(value as V, request),
  };
}

function checkString(value: unknown, at: string, allowed: readonly string[] | undefined): string {
  if (typeof value !== 'string') throw new ModelValidationError(at, `expected a string, got ${describe(value)}`);
  if (allowed && !allowed.includes(value)) {
    const expected = allowed.map((v) => JSON.stringify(v)).join(' or ');
    throw new ModelValidationError(at, `expected ${expected}, got ${describe(value)}`);
  }
  return value;
}

function checkInteger(value: unknown, at: string, minimum: number | undefined): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new ModelValidationError(at, `expected an integer, got ${describe(value)}`);
  }
  if (minimum !== undefined && value < minimum) throw new ModelValidationError(at, `must be >= ${minimum}, got ${value}`);
  return value;
}

function parseModel<M extends WireModel>(cls: ModelParser<M>, value: unknown, at: string): M {
  return cls.fromDict(value, at) as M;
}

function encodeModel(model: WireModel, request: boolean): Dict {
  return request ? model.toRequestDict() : model.toDict();
}

type EnumOf<O> = O extends { readonly enum: readonly (infer E)[] } ? E : string;

/**
 * Field factories. Types are checked for every present value; unknown wire keys are never read.
 *
 * @example
 * const fields = {
 *   kind: field.string('kind', { enum: ['ApiKey'], readOnly: true }),
 *   owner: field.model('owner', ObjectReference),
 *   data: field.array('data', IamV2ApiKey, { required: true }),
 * };
 */
export const field = {
  /** A string, optionally restricted to `enum`. @example field.string('display_name') */
  string<const O extends StringOptions = {}>(wire: string, opts?: O): Field<Present<EnumOf<O>, O>> {
    return define(wire, opts ?? ({} as O), (v, at) => checkString(v, at, opts?.enum) as EnumOf<O>);
  },

  /** An integer (`format: int32` in the documents), optionally with a minimum. @example field.integer('total_size', { minimum: 0 }) */
  integer<const O extends IntegerOptions = {}>(wire: string, opts?: O): Field<Present<number, O>> {
    return define(wire, opts ?? ({} as O), (v, at) => checkInteger(v, at, opts?.minimum));
  },

  /** A nested model. @example field.model('metadata', ObjectMeta, { readOnly: true }) */
  model<M extends WireModel, const O extends FieldOptions = {}>(wire: string, cls: ModelParser<M>, opts?: O): Field<Present<M, O>> {
    return define(wire, opts ?? ({} as O), (v, at) => parseModel(cls, v, at), encodeModel);
  },

  /** An array of nested models; item paths read `data[3].spec`. @example field.array('errors', ModelError, { required: true }) */
  array<M extends WireModel, const O extends FieldOptions = {}>(wire: string, cls: ModelParser<M>, opts?: O): Field<Present<M[], O>> {
    const check = (value: unknown, at: string): M[] => {
      if (!Array.isArray(value)) throw new ModelValidationError(at, `expected an array, got ${describe(value)}`);
      return value.map((item, i) => parseModel(cls, item, childPath(at, i)));
    };
    return define(wire, opts ?? ({} as O), check, (items, request) => items.map((m) => encodeModel(m, request)));
  },
};
