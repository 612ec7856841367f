import * as t from 'io-ts';

/** A key of a config object that its codec does not declare, with the keys it does declare there. */
export interface UnknownKey {
  /** Field names from the decoded root down to the object holding the key. */
  readonly path: readonly string[];
  readonly key: string;
  readonly known: readonly string[];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The declared keys of an object codec (`t.type`, `t.partial`, their intersections, refinements and exact
 * forms), or `undefined` when the codec is open (records, `unknown`) or not an object codec: those take any key.
 */
const declaredProps = (codec: t.Mixed): Record<string, t.Mixed> | undefined => {
  if (codec instanceof t.InterfaceType || codec instanceof t.PartialType) return codec.props as Record<string, t.Mixed>;
  if (codec instanceof t.ExactType || codec instanceof t.RefinementType || codec instanceof t.ReadonlyType) return declaredProps(codec.type as t.Mixed);
  if (codec instanceof t.IntersectionType) {
    const parts = (codec.types as t.Mixed[]).map(declaredProps);
    if (parts.some((p) => p === undefined)) return undefined;
    return Object.assign({}, ...parts) as Record<string, t.Mixed>;
  }
  return undefined;
};

/**
 * The first key of `value` that `codec` does not declare, looking into nested objects and arrays of
 * objects; a union is checked against the first of its branches that decodes the value. Run it on a value
 * the codec accepted: io-ts ignores extra keys, and a misspelled option (`sals` for `sasl`) would otherwise
 * be dropped without a word.
 */
export const findUnknownKey = (codec: t.Mixed, value: unknown, path: readonly string[] = []): UnknownKey | undefined => {
  if (codec instanceof t.UnionType) {
    const branch = (codec.types as t.Mixed[]).find((b) => b.is(value) || b.decode(value)._tag === 'Right');
    return branch ? findUnknownKey(branch, value, path) : undefined;
  }
  if (codec instanceof t.ArrayType && Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findUnknownKey(codec.type as t.Mixed, item, [...path, String(i)]);
      if (found) return found;
    }
    return undefined;
  }
  const props = declaredProps(codec);
  if (!props || !isObject(value)) return undefined;
  const known = Object.keys(props);
  const key = Object.keys(value).find((k) => !Object.prototype.hasOwnProperty.call(props, k));
  if (key !== undefined) return { path, key, known };
  for (const k of known) {
    if (value[k] === undefined) continue;
    const found = findUnknownKey(props[k]!, value[k], [...path, k]);
    if (found) return found;
  }
  return undefined;
};
