/** The error a promise rejects with; fails the test when it resolves instead. */
export const rejectionOf = async (promise: PromiseLike<unknown>): Promise<unknown> => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but the promise resolved');
};

/** The error a function throws; fails the test when it returns instead. */
export const thrownBy = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw, but the function returned');
};
