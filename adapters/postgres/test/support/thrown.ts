/** What `fn` throws, with its fields readable; fails the test when it throws nothing. */
export const thrown = (fn: () => unknown): Error & Record<string, unknown> => {
  try {
    fn();
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected a throw');
};
