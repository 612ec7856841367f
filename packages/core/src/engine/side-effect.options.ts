/** Limits of `inline` side effects. */
export interface SideEffectOptions {
  /**
   * The largest value `inline` records, in UTF-8 bytes of its JSON: it is stored in history and travels in the
   * step's events, so it must stay well under what a transport message can carry. A larger value fails the
   * workflow with `PayloadTooLargeError`.
   * @default 262144 (256 KiB)
   */
  readonly maxValueBytes: number;
}

/** The limits every instance uses. */
export const SIDE_EFFECT_DEFAULTS: SideEffectOptions = { maxValueBytes: 262_144 };
