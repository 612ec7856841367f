const SECRET_KEY = /pass(word)?|secret|token|credential|api[-_]?key|private[-_]?key|^key$|^cert$|^pfx$/i;

/** Whether a config field, by its name, holds a secret (passwords, tokens, keys). */
export const isSecretKey = (key: string): boolean => SECRET_KEY.test(key);

/** `scheme://user:password@host` → `scheme://user:***@host`; other text unchanged. */
export const redactUrlCredentials = (text: string): string => text.replace(/(\/\/[^:/@\s]+:)[^@\s]*@/g, '$1***@');

/**
 * A copy of a config value fit for an error message or a log line: secret fields (by name, at any depth)
 * become `'***'`, and credentials inside URLs are masked. `key` is the name of the field holding `value`.
 */
export const redactSecrets = (value: unknown, key = ''): unknown => {
  if (key !== '' && isSecretKey(key) && value !== undefined) return '***';
  if (typeof value === 'string') return redactUrlCredentials(value);
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactSecrets(v, k)]));
  }
  return value;
};
