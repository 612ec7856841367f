/**
 * A deep copy of `value` as `JSON.parse(JSON.stringify(value))` would make it, at a fraction of the cost
 * for the plain objects, arrays and primitives that envelopes and history events are made of: properties
 * that are `undefined`, functions or symbols are dropped (`null` in arrays), a number that is not finite
 * becomes `null` and -0 becomes 0. Anything else (a `Date`, a class instance, an object with `toJSON`, a
 * `BigInt`) goes through JSON itself, so its rules, and its errors, are the codec's own. So does whatever
 * lies deeper than {@link MAX_COPY_DEPTH}: a cycle fails with JSON's own TypeError, never a stack overflow.
 */
export const jsonCopy = <T>(value: T): T => copyItem(value, 0) as T;

/** Nesting past which the copy hands the rest to JSON, which names a cycle instead of overflowing the stack. */
export const MAX_COPY_DEPTH = 256;

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * One value inside a copy; `undefined` when JSON drops it. Callers take strings, which most values are,
 * without a call: this runs for every property of every message on the hot path.
 */
const copyItem = (value: unknown, depth: number): unknown => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value + 0 : null;
    case 'object':
      if (value === null) return null;
      return depth < MAX_COPY_DEPTH ? copyObject(value, depth + 1) : throughJson(value);
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    default:
      return throughJson(value);
  }
};

const copyObject = (value: object, depth: number): unknown => {
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return throughJson(value);
  if (Array.isArray(value)) {
    const length = value.length;
    const out: unknown[] = new Array(length);
    for (let i = 0; i < length; i++) {
      const item: unknown = value[i];
      out[i] = typeof item === 'string' ? item : (copyItem(item, depth) ?? null);
    }
    return out;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return throughJson(value);
  const out: Record<string, unknown> = {};
  // for...in walks the enumeration cache without allocating a key array; own keys come in Object.keys order.
  for (const key in value) {
    if (!hasOwn.call(value, key)) continue;
    const original = (value as Record<string, unknown>)[key];
    const item = typeof original === 'string' ? original : copyItem(original, depth);
    if (item === undefined) continue;
    // Assigning `__proto__` would set the prototype; JSON.parse makes it a plain own property.
    if (key === '__proto__') Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    else out[key] = item;
  }
  return out;
};

const throughJson = (value: unknown): unknown => {
  const json = JSON.stringify(value) as string | undefined;
  return json === undefined ? undefined : JSON.parse(json);
};
