/** A value as it reads back from JSON storage, so live code and replayed code see the same thing. */
export const toJson = (value: unknown): unknown => (value === undefined ? null : JSON.parse(JSON.stringify(value)));
