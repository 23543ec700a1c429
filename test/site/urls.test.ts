import { describe, expect, it } from 'vitest';
import { parseSiteUrl } from '../../lib/config/site-url.js';
import { SiteUrls } from '../../lib/site/urls.js';

const urlsFor = (url: string | null) => new SiteUrls({ site: parseSiteUrl(url) });

describe('SiteUrls.absolute', () => {
  it('should join root-relative URLs to the origin as they are', () => {
    expect(urlsFor('https://example.org/').absolute('/2024/01/a/')).toBe('https://example.org/2024/01/a/');
    expect(urlsFor('https://example.org/news/').absolute('/news/tags/%E4%B8%AD/')).toBe('https://example.org/news/tags/%E4%B8%AD/');
    expect(urlsFor('/news/').absolute('/news/a/')).toBe('/news/a/');
  });

  it('should never join a relative path to the origin without its slash (issue #26)', () => {
    const urls = urlsFor('https://example.org/');
    expect(urls.absolute('images/x.jpg')).toBe('https://example.org/images/x.jpg');
    expect(urls.absolute('../../x.jpg')).toBe('https://example.org/x.jpg');
    expect(urls.absolute('./x.jpg?v=1#top')).toBe('https://example.org/x.jpg?v=1#top');
    // Relative to the page it was written on.
    expect(urls.absolute('images/x.jpg', '/2024/01/a/')).toBe('https://example.org/2024/01/a/images/x.jpg');
    expect(urls.absolute('../../x.jpg', '/2024/01/a/')).toBe('https://example.org/2024/x.jpg');
    // Under a base path, and with no origin at all.
    expect(urlsFor('https://example.org/news/').absolute('images/x.jpg')).toBe('https://example.org/news/images/x.jpg');
    expect(urlsFor('/news/').absolute('../x.jpg', '/news/a/')).toBe('/news/x.jpg');
    expect(urlsFor(null).absolute('images/x.jpg')).toBe('/images/x.jpg');
  });

  it('should keep absolute URLs and give protocol-relative ones the site\'s scheme', () => {
    const urls = urlsFor('https://example.org/');
    expect(urls.absolute('https://cdn.example.com/x.jpg')).toBe('https://cdn.example.com/x.jpg');
    expect(urls.absolute('mailto:a@example.org')).toBe('mailto:a@example.org');
    expect(urls.absolute('//cdn.example.com/x.jpg')).toBe('https://cdn.example.com/x.jpg');
    expect(urlsFor('/news/').absolute('//cdn.example.com/x.jpg')).toBe('//cdn.example.com/x.jpg');
  });
});
