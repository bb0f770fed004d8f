/**
 * Reading fields of a log entry. A missing or mistyped field is an `entry-format` failure at
 * that entry: the verifier never guesses what a malformed entry meant.
 */
import { CheckFailure } from './checks';

export type Obj = Record<string, unknown>;
export type Klass = 'A' | 'B';
export type Purpose = 'vote' | 'motion';

export class Fields {
  constructor(
    readonly obj: Obj,
    readonly entry: number,
  ) {}

  fail(detail: string): never {
    throw new CheckFailure('entry-format', `${String(this.obj.type)} entry: ${detail}`, this.entry);
  }

  str(name: string): string {
    const v = this.obj[name];
    if (typeof v !== 'string' || v.length === 0) this.fail(`"${name}" must be a non-empty string`);
    return v;
  }

  int(name: string, min = 0): number {
    const v = this.obj[name];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) this.fail(`"${name}" must be an integer ≥ ${min}`);
    return v;
  }

  bool(name: string): boolean {
    const v = this.obj[name];
    if (typeof v !== 'boolean') this.fail(`"${name}" must be a boolean`);
    return v;
  }

  klass(name = 'class'): Klass {
    const v = this.obj[name];
    if (v !== 'A' && v !== 'B') this.fail(`"${name}" must be "A" or "B"`);
    return v;
  }

  purpose(): Purpose {
    const v = this.obj.purpose;
    if (v !== 'vote' && v !== 'motion') this.fail('"purpose" must be "vote" or "motion"');
    return v;
  }

  sub(name: string): Fields {
    const v = this.obj[name];
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(`"${name}" must be an object`);
    return new Fields(v as Obj, this.entry);
  }

  list(name: string): unknown[] {
    const v = this.obj[name];
    if (!Array.isArray(v)) this.fail(`"${name}" must be an array`);
    return v;
  }

  objects(name: string): Fields[] {
    return this.list(name).map((x, i) => {
      if (typeof x !== 'object' || x === null || Array.isArray(x)) this.fail(`"${name}[${i}]" must be an object`);
      return new Fields(x as Obj, this.entry);
    });
  }

  strings(name: string): string[] {
    return this.list(name).map((x, i) => {
      if (typeof x !== 'string' || x.length === 0) this.fail(`"${name}[${i}]" must be a non-empty string`);
      return x;
    });
  }

  has(name: string): boolean {
    return Object.hasOwn(this.obj, name) && this.obj[name] !== undefined;
  }
}
