/** The error `promise` rejects with, with its fields readable; fails the test when it resolves instead. */
export const rejection = async (promise: Promise<unknown>): Promise<Error & Record<string, unknown>> => {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection, but it resolved');
};
