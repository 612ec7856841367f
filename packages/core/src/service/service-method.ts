type Method = (...args: unknown[]) => unknown;

/**
 * The method `name` of a service implementation: an own property of the object or of a prototype it
 * inherits from, up to (not including) `Object.prototype`. A name that a message can carry must not reach
 * what every object has (`valueOf`, `toString`, `constructor`, `__proto__`...): those would run, or crash
 * the attempt, instead of failing the task as not registered.
 */
export const serviceMethod = (implementation: object, name: string): Method | undefined => {
  if (name === 'constructor') return undefined;
  for (let holder: object | null = implementation; holder !== null && holder !== Object.prototype; holder = Object.getPrototypeOf(holder) as object | null) {
    const descriptor = Object.getOwnPropertyDescriptor(holder, name);
    if (descriptor) return typeof descriptor.value === 'function' ? (descriptor.value as Method) : undefined;
  }
  return undefined;
};

/** The names {@link serviceMethod} finds on `implementation`, for error messages. */
export const serviceMethodNames = (implementation: object): string[] => {
  const names = new Set<string>();
  for (let holder: object | null = implementation; holder !== null && holder !== Object.prototype; holder = Object.getPrototypeOf(holder) as object | null) {
    for (const name of Object.getOwnPropertyNames(holder)) if (serviceMethod(implementation, name)) names.add(name);
  }
  return [...names];
};
