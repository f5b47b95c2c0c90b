/**
 * A value carried by the request object itself, under a private symbol: set by one middleware, read by a
 * later one. Not a WeakMap: V8 keeps WeakMap entries as ephemerons, which every garbage collection walks
 * apart, and a request makes one per value; a property simply goes with its request.
 */
export interface RequestSlot<T> {
  get(req: object): T | undefined;
  set(req: object, value: T): void;
}

export function requestSlot<T>(name: string): RequestSlot<T> {
  const key = Symbol(name);
  return {
    get: (req) => (req as { [key]?: T })[key],
    set: (req, value) => {
      (req as { [key]?: T })[key] = value;
    },
  };
}
