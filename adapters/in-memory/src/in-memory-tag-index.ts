import { checkTagPage, pageOf, type TagIndexEntry, type TagPage, type TagPageOptions } from '@cadenza/core';

/**
 * The in-memory store's tag index: per scope and tag, the set of ids, sorted once per change when paged; and
 * per stream, what was recorded, so a delete or an untag removes exactly that.
 */
export class InMemoryTagIndex {
  private readonly byTag = new Map<string, { ids: Set<string>; sorted?: string[] }>();
  private readonly byStream = new Map<string, TagIndexEntry>();

  add(stream: string, entry: TagIndexEntry): void {
    const tags = [...new Set(entry.tags)];
    if (tags.length === 0) return;
    this.byStream.set(stream, { scope: entry.scope, id: entry.id, tags });
    for (const tag of tags) {
      const key = keyOf(entry.scope, tag);
      let ids = this.byTag.get(key);
      if (!ids) this.byTag.set(key, (ids = { ids: new Set() }));
      ids.ids.add(entry.id);
      ids.sorted = undefined;
    }
  }

  remove(stream: string): void {
    const entry = this.byStream.get(stream);
    if (!entry) return;
    this.byStream.delete(stream);
    for (const tag of entry.tags) {
      const key = keyOf(entry.scope, tag);
      const ids = this.byTag.get(key);
      if (!ids) continue;
      ids.ids.delete(entry.id);
      ids.sorted = undefined;
      if (ids.ids.size === 0) this.byTag.delete(key);
    }
  }

  page(scope: string, tag: string, options?: TagPageOptions): TagPage {
    const request = checkTagPage(tag, options);
    const ids = this.byTag.get(keyOf(scope, tag));
    if (!ids) return { ids: [] };
    ids.sorted ??= [...ids.ids].sort();
    return pageOf(ids.sorted, request);
  }
}

const keyOf = (scope: string, tag: string): string => JSON.stringify([scope, tag]);
