/**
 * Share links of an article page: plain URLs of each network's own share
 * page, so nothing is fetched from a network until the reader clicks.
 */
import type { ShareSettings, ShareNetwork } from '../config/share.js';
import type { ArticleView, ShareView, SiteShareView, SiteView } from '../render/context.js';

/** Each network's name (a brand, not translated; e-mail's comes from the theme's strings) and its share address. */
const NETWORKS: Record<ShareNetwork, { name: string | null; href: (url: string, title: string) => string }> = {
  email: { name: null, href: (url, title) => `mailto:?subject=${title}&body=${url}` },
  x: { name: 'X', href: (url, title) => `https://x.com/intent/tweet?text=${title}&url=${url}` },
  facebook: { name: 'Facebook', href: (url) => `https://www.facebook.com/sharer/sharer.php?u=${url}` },
  linkedin: { name: 'LinkedIn', href: (url) => `https://www.linkedin.com/sharing/share-offsite/?url=${url}` },
  whatsapp: { name: 'WhatsApp', href: (url, title) => `https://wa.me/?text=${title}%20${url}` },
  bluesky: { name: 'Bluesky', href: (url, title) => `https://bsky.app/intent/compose?text=${title}%20${url}` },
  telegram: { name: 'Telegram', href: (url, title) => `https://t.me/share/url?url=${url}&text=${title}` },
  reddit: { name: 'Reddit', href: (url, title) => `https://www.reddit.com/submit?url=${url}&title=${title}` },
  weibo: { name: 'Weibo', href: (url, title) => `https://service.weibo.com/share/share.php?url=${url}&title=${title}` },
};

/** What the site view says of sharing: null when it is off. */
export function siteShareView(settings: ShareSettings): SiteShareView | null {
  return settings.enabled ? { networks: [...settings.networks], copyLink: settings.copyLink } : null;
}

/**
 * The share block of an article's page, or null when sharing is off for the
 * site or for this article (front matter `share: false`). The
 * links need the page's absolute address: a site without a configured `url`
 * gets none (the copy-link and share buttons, which read the address in the
 * browser, still work).
 */
export function shareView(site: SiteView, view: ArticleView): ShareView | null {
  if (!site.share || !view.share) return null;
  const absolute = site.url !== '';
  // Every value is percent-encoded as a URL component (UTF-8), so no title can end or extend the query.
  const url = encodeURIComponent(view.absoluteUrl);
  const title = encodeURIComponent(view.title);
  return {
    title: view.title,
    url: view.absoluteUrl,
    links: absolute
      ? site.share.networks.map((network) => {
          const { name, href } = NETWORKS[network as ShareNetwork];
          return { network, name, url: href(url, title) };
        })
      : [],
    copyLink: site.share.copyLink,
  };
}
