/**
 * Share links on article pages, from the config's `share` setting:
 * validated here, made into links by site/share.ts.
 */
import { closest } from '../report/suggest.js';

/** The places an article can be shared to by a plain link, in the order of the default list. */
export const SHARE_NETWORKS = ['email', 'x', 'facebook', 'linkedin', 'whatsapp', 'bluesky', 'telegram', 'reddit', 'weibo'] as const;
export type ShareNetwork = (typeof SHARE_NETWORKS)[number];

export interface ShareSettings {
  /** False takes share links, the copy-link and the share buttons off every page. */
  enabled: boolean;
  /** The links shown, in this order. */
  networks: ShareNetwork[];
  /** A button that copies the article's address (shown only where the browser can). */
  copyLink: boolean;
}

export const DEFAULT_SHARE_SETTINGS: ShareSettings = {
  enabled: true,
  networks: ['email', 'x', 'facebook', 'linkedin', 'whatsapp', 'bluesky'],
  copyLink: true,
};

const KEYS = Object.keys(DEFAULT_SHARE_SETTINGS);
const list = (values: readonly string[]) => values.map((v) => JSON.stringify(v)).join(', ');
const SHAPE = `must be false, or an object such as {"networks": ["email", "x", "facebook"], "copyLink": true}`;

/** The `share` setting's check: null when valid, else what is wrong (after `"share" `). */
export function checkShare(value: unknown): string | null {
  if (typeof value === 'boolean') return null;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return SHAPE;
  const v = value as Record<string, unknown>;
  const unknown = Object.keys(v).find((key) => !KEYS.includes(key));
  if (unknown !== undefined) {
    const hint = closest(unknown, KEYS);
    return `has an unknown key "${unknown}"${hint ? ` (did you mean "${hint}"?)` : ''}; known keys: ${list(KEYS)}`;
  }
  for (const key of ['enabled', 'copyLink'] as const) {
    if (v[key] !== undefined && typeof v[key] !== 'boolean') return `"${key}" must be true or false, not ${JSON.stringify(v[key])}`;
  }
  const networks = v.networks;
  if (networks === undefined) return null;
  if (!Array.isArray(networks)) return `"networks" must be a list of networks from ${list(SHARE_NETWORKS)}`;
  const seen = new Set<unknown>();
  for (const [index, network] of networks.entries()) {
    if (!(SHARE_NETWORKS as readonly unknown[]).includes(network)) {
      const hint = typeof network === 'string' ? (/^twitter$/i.test(network) ? 'x' : closest(network, SHARE_NETWORKS)) : null;
      return `"networks[${index}]" is ${JSON.stringify(network)}, which is not a network gazette knows${hint ? `; did you mean "${hint}"?` : ''} (known: ${list(SHARE_NETWORKS)})`;
    }
    if (seen.has(network)) return `"networks[${index}]": ${JSON.stringify(network)} is listed twice`;
    seen.add(network);
  }
  return null;
}

/** The `share` setting, validated by `checkShare`, with defaults filled in. */
export function shareSettings(value: unknown): ShareSettings {
  if (value === undefined || value === true) return DEFAULT_SHARE_SETTINGS;
  if (value === false) return { ...DEFAULT_SHARE_SETTINGS, enabled: false };
  const given = value as Partial<ShareSettings>;
  return {
    enabled: given.enabled ?? true,
    networks: given.networks ? [...given.networks] : DEFAULT_SHARE_SETTINGS.networks,
    copyLink: given.copyLink ?? true,
  };
}
