/**
 * A value that belongs to one request: set by one middleware, read by a later one. Kept in Express's
 * `res.locals` (a prototype-less dictionary made for every request anyway) under a symbol, else in a
 * WeakMap (a bare Node request, in tests). Never a property of the request itself: one added to Node's
 * IncomingMessage gives every request a new hidden class, and every inline cache that reads a request
 * (express, body-parser, streams, Apollo) goes polymorphic. Measured with `{ __typename }` at a fixed
 * 1,000 requests/s (bench/compare-fixed-rate.ts): symbol properties on the request cost 6–11 % more CPU
 * per request than a WeakMap (two runs); a WeakMap entry per slot is an ephemeron every young-generation
 * collection must trace, which the dictionary is not.
 */
export interface RequestSlot<T> {
  get(req: object): T | undefined;
  set(req: object, value: T): void;
}

type Locals = Record<symbol, unknown>;

const localsOf = (req: object): Locals | undefined => (req as { res?: { locals?: Locals } }).res?.locals;

export function requestSlot<T>(name: string): RequestSlot<T> {
  const key = Symbol(name);
  const values = new WeakMap<object, T>();
  return {
    get: (req) => {
      const locals = localsOf(req);
      return locals ? (locals[key] as T | undefined) : values.get(req);
    },
    set: (req, value) => {
      const locals = localsOf(req);
      if (locals) locals[key] = value;
      else values.set(req, value);
    },
  };
}
