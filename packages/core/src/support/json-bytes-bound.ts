/** Nesting past which the bound is taken from JSON itself (which names a cycle instead of overflowing the stack). */
const MAX_DEPTH = 256;
/** The longest JSON form of a finite number (`-1.2345678901234567e-308`), or of `true`, `false`, `null`. */
const NUMBER_BYTES = 24;

/**
 * The UTF-8 size of `JSON.stringify(value)` in bytes, or a bound above it that is at most `limit`: so the answer
 * exceeds `limit` exactly when the encoded value does. The bound walks plain objects, arrays and primitives
 * without writing any text (each UTF-16 unit of a string takes at most 6 bytes, as `\uXXXX`); past `limit`, or
 * for anything else (a `Date`, an object with `toJSON`, a class instance, a `BigInt`), the size comes from JSON
 * itself, with its errors. A size check of a small message then costs no encoding at all.
 */
export const jsonBytesBound = (value: unknown, limit: number): number => {
  const bound = boundOf(value, 0);
  return bound <= limit ? bound : Buffer.byteLength(JSON.stringify(value) ?? '');
};

/** The bound of one value; Infinity when only JSON can tell. */
const boundOf = (value: unknown, depth: number): number => {
  switch (typeof value) {
    case 'string':
      return 2 + 6 * value.length;
    case 'number':
    case 'boolean':
      return NUMBER_BYTES;
    case 'undefined':
    case 'function':
    case 'symbol':
      return NUMBER_BYTES; // dropped from an object, `null` in an array: either way no more than this
    case 'object': {
      if (value === null) return NUMBER_BYTES;
      if (depth >= MAX_DEPTH || typeof (value as { toJSON?: unknown }).toJSON === 'function') return Infinity;
      if (Array.isArray(value)) {
        let bytes = 2;
        for (let i = 0; i < value.length; i++) bytes += 1 + boundOf(value[i], depth + 1);
        return bytes;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) return Infinity;
      let bytes = 2;
      for (const key in value) {
        if (Object.prototype.hasOwnProperty.call(value, key)) bytes += 4 + 6 * key.length + boundOf((value as Record<string, unknown>)[key], depth + 1);
      }
      return bytes;
    }
    default:
      return Infinity;
  }
};
