import { describe, expect, it } from 'vitest';
import { wordpressEntries } from '../../lib/import/wordpress.js';
import { readWxr } from '../../lib/import/wxr.js';
import { parseXml } from '../../lib/import/xml.js';

/** A one-item export, with namespace prefixes of its own choosing (only the URIs count). */
function exportOf(item: string): string {
  return `<?xml version="1.0"?>
<rss version="2.0" xmlns:w="http://wordpress.org/export/1.2/" xmlns:c="http://purl.org/rss/1.0/modules/content/" xmlns:d="http://purl.org/dc/elements/1.1/">
<channel><title>Site</title><link>https://ex.org/news</link><w:wxr_version>1.2</w:wxr_version>
<w:author><w:author_login>jo</w:author_login><w:author_display_name><![CDATA[Jo Roe]]></w:author_display_name></w:author>
<item>${item}</item></channel></rss>`;
}

describe('wordpressEntries', () => {
  it('should read the fields by their namespace, whatever the prefixes, and keep CDATA as written', () => {
    const wxr = readWxr(parseXml(exportOf(`<title>A &amp; B</title><link>https://ex.org/news/2024/a-b/</link><d:creator>jo</d:creator>
      <c:encoded><![CDATA[<p>x &amp; y ]]]]><![CDATA[></p>]]></c:encoded><w:post_id>5</w:post_id><w:post_date_gmt>2024-01-02 03:04:05</w:post_date_gmt>
      <w:post_name>a-b</w:post_name><w:status>publish</w:status><w:post_type>post</w:post_type><w:post_password></w:post_password>`), 'x.xml'))!;
    const [entry] = wordpressEntries(wxr, 'UTC').entries;
    expect(entry).toMatchObject({ title: 'A & B', authors: ['Jo Roe'], draft: false, date: Date.UTC(2024, 0, 2, 3, 4, 5), aliases: ['/2024/a-b/', '/?p=5'] });
    expect(entry!.html).toBe('<p>x &amp; y ]]></p>');
  });

  it('should keep a password-protected post out of the site, as a draft, and say why', () => {
    const wxr = readWxr(parseXml(exportOf(`<title>Members only</title><w:post_id>6</w:post_id><w:post_date_gmt>2024-01-02 03:04:05</w:post_date_gmt>
      <w:status>publish</w:status><w:post_type>post</w:post_type><w:post_password>secret</w:post_password><c:encoded>Hidden</c:encoded>`), 'x.xml'))!;
    const [entry] = wordpressEntries(wxr, 'UTC').entries;
    expect(entry!.draft).toBe(true);
    expect(entry!.warnings).toEqual(['it was password-protected on WordPress, so it is imported as a draft (a gazette site has no passwords)']);
  });

  it("should warn when a post's author login is not among the export's authors, whose byline is then that login", () => {
    const wxr = readWxr(parseXml(exportOf(`<title>Old post</title><d:creator>ghost</d:creator><w:post_id>7</w:post_id><w:post_date_gmt>2024-01-02 03:04:05</w:post_date_gmt>
      <w:status>publish</w:status><w:post_type>post</w:post_type><w:post_password></w:post_password><c:encoded>Text</c:encoded>`), 'x.xml'))!;
    const [entry] = wordpressEntries(wxr, 'UTC').entries;
    expect(entry!.authors).toEqual(['ghost']);
    expect(entry!.warnings).toEqual([`its author "ghost" is not among the export's authors, so the byline is that login; write the name readers should see in its "author"`]);
  });
});
