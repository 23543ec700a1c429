/** What an address in a post shows: a video gazette can play, or a page to link to as a card. */
export type Embed = { kind: 'video'; host: 'youtube' | 'vimeo'; id: string; url: string; watchUrl: string } | { kind: 'card'; url: string };

// Sites whose addresses WordPress turns into embeds when one stands alone on a line (its oEmbed providers).
const OEMBED_HOSTS = [
  'youtube.com', 'youtu.be', 'vimeo.com', 'twitter.com', 'x.com', 'instagram.com', 'facebook.com', 'tiktok.com',
  'flickr.com', 'flic.kr', 'soundcloud.com', 'spotify.com', 'mixcloud.com', 'reddit.com', 'tumblr.com', 'imgur.com',
  'dailymotion.com', 'ted.com', 'scribd.com', 'slideshare.net', 'issuu.com', 'kickstarter.com', 'speakerdeck.com',
  'wordpress.tv', 'videopress.com', 'pinterest.com', 'bsky.app', 'threads.net', 'mastodon.social',
];
const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const VIMEO_ID = /^\d{6,12}$/;

/**
 * What an address becomes in gazette: YouTube and Vimeo videos (watch, share,
 * embed and player addresses) become its video embeds, any other http(s)
 * address a link card.
 * @param options.oembedOnly Only addresses of sites WordPress embeds (for a bare address on a line, which is a link otherwise).
 * @returns The embed, or null when the address is not one.
 */
export function embedFor(address: string, options: { oembedOnly: boolean }): Embed | null {
  let url: URL;
  try {
    url = new URL(address.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const host = url.hostname.toLowerCase().replace(/^(?:www|m|player|open)\./, '');
  const segments = url.pathname.split('/').filter(Boolean);
  if (host === 'youtu.be' || host === 'youtube.com' || host === 'youtube-nocookie.com') {
    const id = host === 'youtu.be' ? segments[0] : (url.searchParams.get('v') ?? (['embed', 'shorts', 'live', 'v'].includes(segments[0] ?? '') ? segments[1] : undefined));
    if (id && YOUTUBE_ID.test(id)) return { kind: 'video', host: 'youtube', id, url: url.href, watchUrl: `https://www.youtube.com/watch?v=${id}` };
  }
  if (host === 'vimeo.com') {
    const id = [...segments].reverse().find((s) => VIMEO_ID.test(s));
    if (id) return { kind: 'video', host: 'vimeo', id, url: url.href, watchUrl: `https://vimeo.com/${id}` };
  }
  if (options.oembedOnly && !OEMBED_HOSTS.some((known) => host === known || host.endsWith(`.${known}`))) return null;
  return { kind: 'card', url: url.href };
}
