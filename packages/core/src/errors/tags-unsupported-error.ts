import { CadenzaError } from './cadenza-error';

/**
 * A tag lookup (`client.getIds`, `client.getByTag`) on a history store that keeps no tag index: its
 * `capabilities.tags` is false, or it has no `tagIds`. `store` says which.
 */
export class TagsUnsupportedError extends CadenzaError {
  readonly code = 'TAGS_UNSUPPORTED';
  readonly retriable = false;
  constructor(readonly store: string) {
    super(`${store} keeps no tag index: look workflows up by tag with a history store whose capabilities.tags is true`);
  }
}
