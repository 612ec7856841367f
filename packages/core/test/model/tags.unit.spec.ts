import { expect } from 'chai';
import { InvalidArgumentsError } from '../../src/errors/invalid-arguments-error';
import { InvalidTagError } from '../../src/errors/invalid-tag-error';
import { checkTagPage, pageOf } from '../../src/model/tag-page';
import { checkTag, checkTags, isValidTag, MAX_TAG_LENGTH, tagProblem } from '../../src/model/tags';

describe('tags', () => {
  it('accepts 1 to 256 characters of any kind but controls', () => {
    for (const tag of ['a', 'naïve ✓ 漢字 🧪', 'x'.repeat(MAX_TAG_LENGTH), 'with space', 'quote\'"`', '%_\\*', 'a/b:c;d']) expect(isValidTag(tag), tag).to.equal(true);
  });

  it('says why a tag is refused: empty, too long, a control character, not a string', () => {
    expect(tagProblem('')).to.equal('expected a non-empty string');
    expect(tagProblem('x'.repeat(257))).to.equal('expected at most 256 characters (it has 257)');
    for (const control of ['\u0000', '\n', '\t', '\u001f', '\u007f', '\u0085', '\u009f']) expect(tagProblem(`a${control}b`), JSON.stringify(control)).to.equal('expected no control characters');
    expect(tagProblem(7)).to.equal('expected a string');
  });

  it('names the field of the bad tag in InvalidTagError', () => {
    expect(checkTags(['a', 'b'], 'tags')).to.deep.equal(['a', 'b']);
    expect(() => checkTags(['a', ''], 'tags')).to.throw(InvalidTagError, 'invalid tag at tags.1: expected a non-empty string, got ""').with.property('field', 'tags.1');
    expect(() => checkTag(null, 'tag')).to.throw(InvalidTagError).with.property('code', 'INVALID_TAG');
  });

  it('checks a page request and fills in the default limit', () => {
    expect(checkTagPage('t')).to.deep.equal({ tag: 't', after: undefined, limit: 500 });
    expect(checkTagPage('t', { after: 'x', limit: 10_000 })).to.deep.equal({ tag: 't', after: 'x', limit: 10_000 });
    for (const limit of [0, -1, 1.5, 10_001, Number.NaN]) expect(() => checkTagPage('t', { limit }), String(limit)).to.throw(InvalidArgumentsError);
    expect(() => checkTagPage('', {})).to.throw(InvalidTagError);
  });

  it('pages sorted ids after a cursor that need not be one of them', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    expect(pageOf(ids, { tag: 't', after: undefined, limit: 2 })).to.deep.equal({ ids: ['a', 'b'], next: 'b' });
    expect(pageOf(ids, { tag: 't', after: 'b', limit: 2 })).to.deep.equal({ ids: ['c', 'd'], next: 'd' });
    expect(pageOf(ids, { tag: 't', after: 'd', limit: 2 })).to.deep.equal({ ids: ['e'] });
    expect(pageOf(ids, { tag: 't', after: 'bb', limit: 10 }), 'a cursor between ids').to.deep.equal({ ids: ['c', 'd', 'e'] });
    expect(pageOf(ids, { tag: 't', after: 'e', limit: 10 })).to.deep.equal({ ids: [] });
    expect(pageOf(ids, { tag: 't', after: undefined, limit: 5 }), 'an exact last page has no next').to.deep.equal({ ids });
  });
});
