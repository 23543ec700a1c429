/**
 * An author's profile links as named links: "LinkedIn", "Mastodon", or the
 * site's host name, rather than the raw address, with the theme's icon for it.
 */
import type { ProfileLinkView } from '../render/context.js';

/** Hosts (without `www.`) of the networks authors link to most, by name; the icon is the theme's. */
const NETWORKS: Record<string, { name: string; icon: string }> = {
  'x.com': { name: 'X', icon: 'x' },
  'twitter.com': { name: 'X', icon: 'x' },
  'linkedin.com': { name: 'LinkedIn', icon: 'globe' },
  'github.com': { name: 'GitHub', icon: 'globe' },
  'gitlab.com': { name: 'GitLab', icon: 'globe' },
  'facebook.com': { name: 'Facebook', icon: 'globe' },
  'instagram.com': { name: 'Instagram', icon: 'globe' },
  'threads.net': { name: 'Threads', icon: 'globe' },
  'bsky.app': { name: 'Bluesky', icon: 'globe' },
  'youtube.com': { name: 'YouTube', icon: 'globe' },
  'tiktok.com': { name: 'TikTok', icon: 'globe' },
  'weibo.com': { name: 'Weibo', icon: 'globe' },
  'zhihu.com': { name: 'Zhihu', icon: 'globe' },
  'orcid.org': { name: 'ORCID', icon: 'globe' },
};

/** Each address as a named link; an address that is not a web URL keeps itself as its name. */
export function profileLinks(addresses: readonly string[]): ProfileLinkView[] {
  return addresses.map((url) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { url, name: url, icon: 'globe' };
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return { url, name: url, icon: 'globe' };
    const host = parsed.hostname.replace(/^www\./, '');
    const known = NETWORKS[host] ?? NETWORKS[host.replace(/^[^.]+\./, '')];
    if (known) return { url, ...known };
    // Any Mastodon server: profiles live at /@name.
    if (/^\/@[^/]+\/?$/.test(parsed.pathname)) return { url, name: 'Mastodon', icon: 'globe' };
    return { url, name: host, icon: 'globe' };
  });
}
