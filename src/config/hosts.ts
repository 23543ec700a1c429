/** Hosts whose files gazette can write (`deploy.host`). */
export const HOSTS = ['netlify', 'cloudflare', 'github-pages'] as const;
export type Host = (typeof HOSTS)[number];
