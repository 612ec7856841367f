import * as t from 'io-ts';

/** Any JSON value: what arguments, results and signal values must be. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Accepts any value; arguments and results are checked by each method's own codecs, not here. */
export const JsonValue = t.unknown;

/** String-to-string maps carried with workflows and tasks. */
export const Meta = t.record(t.string, t.string);
export type Meta = t.TypeOf<typeof Meta>;
