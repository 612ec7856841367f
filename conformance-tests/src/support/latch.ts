/** A promise you resolve from outside: for making one handler wait on another. */
export interface Latch<T = void> {
  readonly promise: Promise<T>;
  open(value: T): void;
  readonly isOpen: boolean;
}

export const latch = <T = void>(): Latch<T> => {
  let open!: (value: T) => void;
  let isOpen = false;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return {
    promise,
    open: (value: T) => {
      isOpen = true;
      open(value);
    },
    get isOpen() {
      return isOpen;
    },
  };
};
