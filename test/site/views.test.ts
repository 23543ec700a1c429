import { describe, expect, it } from 'vitest';
import { withHeadData } from '../../lib/site/views.js';

describe('withHeadData', () => {
  it('should make a page head once per render and not keep it once another page is rendered (#30)', () => {
    const made: string[] = [];
    const page = (name: string) => withHeadData({ name }, () => (made.push(name), { metaTags: [{ name: 'description', content: name }], jsonLd: [{ name }] }));
    const a = page('a');
    const b = page('b');
    expect(made).toEqual([]);
    // A template reads both fields of the page it renders: made once.
    expect([a.metaTags, a.jsonLd]).toEqual([[{ name: 'description', content: 'a' }], [{ name: 'a' }]]);
    expect(made).toEqual(['a']);
    expect(b.jsonLd).toEqual([{ name: 'b' }]);
    expect(b.metaTags).toEqual([{ name: 'description', content: 'b' }]);
    expect(made).toEqual(['a', 'b']);
    // Every page's head held until the end of the build was 1.7 KB an article: made again, the same.
    expect(a.metaTags).toEqual([{ name: 'description', content: 'a' }]);
    expect(made).toEqual(['a', 'b', 'a']);
    // Not enumerable: page fingerprints leave them out.
    expect(Object.keys(a)).toEqual(['name']);
  });
});
