/** Runs the test when the adapter declares the capability; otherwise it shows as pending, by name. */
export const itIf = (has: boolean, capability: string) => (title: string, fn: () => Promise<void>) =>
  has ? it(title, fn) : it(`${title} [not supported: ${capability}]`);
