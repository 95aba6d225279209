// Builds a model class from a field table, so each model file is only its table and its docs.
import { asDict, type Dict, type Field, type WireModel } from './field.js';
import { ModelValidationError } from './model-validation-error.js';

/** camelCase property name -> wire field. @example const t: FieldTable = { displayName: field.string('display_name') }; */
export type FieldTable = Record<string, Field<unknown>>;

type ValueOf<F> = F extends Field<infer T> ? T : never;
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/**
 * The camelCase properties a table declares: required fields are required properties, the others
 * optional. It is also what the constructor takes.
 * @example const init: ModelValues<typeof table> = { displayName: 'x' };
 */
export type ModelValues<F extends FieldTable> = Simplify<
  { -readonly [K in keyof F as undefined extends ValueOf<F[K]> ? never : K]: ValueOf<F[K]> } & {
    -readonly [K in keyof F as undefined extends ValueOf<F[K]> ? K : never]?: Exclude<ValueOf<F[K]>, undefined>;
  }
>;

/** Constructor arguments: the init object may be left out when every property is optional. @example new ListMeta() */
export type ModelInitArgs<F extends FieldTable> = {} extends ModelValues<F> ? [init?: ModelValues<F>] : [init: ModelValues<F>];

/** The methods every model instance has. @example JSON.stringify(model) === model.toJson() */
export interface ModelMethods extends WireModel {
  /** Wire form: snake_case keys, `undefined` omitted, explicit `null` kept. */
  toDict(): Dict;
  /** Request form: like `toDict()` without the fields the documents mark `readOnly`. */
  toRequestDict(): Dict;
  /** `JSON.stringify(this.toDict())`. */
  toJson(): string;
  /** Lets `JSON.stringify(model)` produce the wire form. */
  toJSON(): Dict;
}

/** The class `defineModel` returns; subclass it to name the model. @example class X extends defineModel({ id: field.string('id') }) {} */
export interface ModelClass<F extends FieldTable> {
  new (...args: ModelInitArgs<F>): ModelMethods & ModelValues<F>;
  /** The field table, for tooling and tests. */
  readonly fields: F;
  /**
   * Parses a wire object (snake_case), checking types and enums; unknown keys are ignored.
   * `path` is where the object sits in an enclosing document (nested models pass it down).
   * @throws ModelValidationError at the first invalid value.
   */
  fromDict<T>(this: new (init: ModelValues<F>) => T, obj: unknown, path?: string): T;
  /** Parses JSON text; a syntax error becomes a ModelValidationError at `$`. */
  fromJson<T>(this: new (init: ModelValues<F>) => T, text: string): T;
}

function writeFields(model: object, fields: FieldTable, request: boolean): Dict {
  const out: Dict = {};
  for (const [prop, f] of Object.entries(fields)) {
    if (request && f.readOnly) continue;
    const value: unknown = (model as Dict)[prop];
    if (value === undefined) continue;
    out[f.wire] = value === null ? null : f.encode(value, request);
  }
  return out;
}

/**
 * Makes a model class from a field table: typed camelCase properties, `fromDict`/`fromJson`,
 * `toDict`/`toRequestDict`/`toJson`/`toJSON`, and a constructor taking a camelCase object.
 *
 * @example
 * export class ErrorSource extends defineModel({ pointer: field.string('pointer') }) {}
 * ErrorSource.fromDict({ pointer: '/spec' }).pointer; // '/spec'
 */
export function defineModel<const F extends FieldTable>(fields: F): ModelClass<F> {
  // The properties come from the table, so this class cannot declare them itself: the constructor
  // assigns them, and the cast below gives the class its typed shape. (Declaring them as class
  // fields would also reset them to undefined under ES2022 class-field semantics.)
  class Model {
    static readonly fields = fields;

    constructor(init: object = {}) {
      Object.assign(this, init);
    }

    static fromDict<T>(this: new (init: object) => T, obj: unknown, path = '$'): T {
      const dict = asDict(obj, path);
      const init: Dict = {};
      for (const [prop, f] of Object.entries(fields)) {
        const value = f.read(dict, path);
        if (value !== undefined) init[prop] = value;
      }
      return new this(init);
    }

    static fromJson(text: string): Model {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        throw new ModelValidationError('$', `invalid JSON: ${(e as Error).message}`);
      }
      return this.fromDict(parsed);
    }

    toDict(): Dict {
      return writeFields(this, fields, false);
    }

    toRequestDict(): Dict {
      return writeFields(this, fields, true);
    }

    toJson(): string {
      return JSON.stringify(this.toDict());
    }

    toJSON(): Dict {
      return this.toDict();
    }
  }
  return Model as unknown as ModelClass<F>;
}
