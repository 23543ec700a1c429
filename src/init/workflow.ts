import type { Host } from '../config/hosts.js';

/** The deploy files `gazette init --host` writes for `host` (path from the site's folder → text); none for no host. */
export function deployFiles(host: Host | null): { path: string; text: string }[] {
  switch (host) {
    case 'github-pages':
      return [{ path: '.github/workflows/deploy.yml', text: deployWorkflow() }];
    case 'netlify':
      return [
        { path: 'netlify.toml', text: NETLIFY_TOML },
        { path: '.github/workflows/scheduled-build.yml', text: buildHookWorkflow('Netlify') },
      ];
    case 'cloudflare':
      return [{ path: '.github/workflows/scheduled-build.yml', text: buildHookWorkflow('Cloudflare Pages') }];
    case null:
      return [];
  }
}

/** Netlify's build settings: the site's own build script, `dist/`, Node.js 20. */
const NETLIFY_TOML = `[build]
  command = "npm run build"
  publish = "dist"

[build.environment]
  NODE_VERSION = "20"
`;

/**
 * For a host that builds by itself on every push (Netlify, Cloudflare Pages): a GitHub Actions workflow
 * that calls its build hook on a timer, so scheduled stories go out. Hourly: each call is a whole build
 * counted against the host's build minutes.
 */
function buildHookWorkflow(hostName: string): string {
  return `# Scheduled stories (dated in the future) go out with the first build at or after their time:
# this asks ${hostName} for a build every hour (GitHub's times are UTC). Each call is a whole build,
# counted against your ${hostName} plan's build minutes: call it as often as your schedule needs.
# Once: make a build hook on ${hostName} and store its URL as the repository secret BUILD_HOOK_URL.
name: Scheduled build

on:
  schedule:
    - cron: '0 * * * *'
  # Run it by hand from the Actions tab.
  workflow_dispatch:

permissions: {}

jobs:
  trigger:
    runs-on: ubuntu-latest
    steps:
      - run: curl --fail --silent --show-error -X POST -d '{}' "$BUILD_HOOK_URL"
        env:
          BUILD_HOOK_URL: \${{ secrets.BUILD_HOOK_URL }}
`;
}

/**
 * The GitHub Actions workflow `gazette init` writes: build on every push to the main branch and by
 * hand, with the build cache kept between runs, then publish on GitHub Pages with its official
 * actions. A run every 15 minutes publishes scheduled stories on time; it goes on to build only when
 * the `next-change` file of the last build deployed (see `src/cache/next-change.ts`) says the site has
 * changed by itself since, so the quarter-hours with nothing due cost one short job, not a build and a
 * deploy.
 */
export function deployWorkflow(): string {
  return `# Builds the site and publishes it on GitHub Pages.
# Once: in the repository's Settings → Pages, set "Source" to "GitHub Actions".
name: Deploy

on:
  push:
    branches: [main]
  # Run it by hand from the Actions tab.
  workflow_dispatch:
  # Scheduled stories (dated in the future) go out with the first build at or after their time.
  # A scheduled run builds only when something is due (see the "due" job).
  schedule:
    - cron: '*/15 * * * *'

permissions:
  contents: read
  pages: write
  id-token: write

# One deployment at a time; a newer run waits rather than cancelling one under way.
concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  # Scheduled runs only: is a story's time (going live, expiring, no longer featured...) here?
  # The last build wrote when the site next changes by itself in .gazette-cache/next-change,
  # kept alone in a small cache entry so that this job needs neither Node.js nor the whole cache.
  due:
    if: github.event_name == 'schedule'
    runs-on: ubuntu-latest
    outputs:
      build: \${{ steps.due.outputs.build }}
    steps:
      - uses: actions/cache/restore@v4
        with:
          path: .gazette-cache/next-change
          key: gazette-next-change-\${{ github.run_id }}
          restore-keys: gazette-next-change-
      - id: due
        run: |
          next="$(cat .gazette-cache/next-change 2>/dev/null || true)"
          if [ "$next" = none ]; then
            build=false
          elif [ -z "$next" ]; then
            # No build yet, or its cache entry expired.
            build=true
          else
            # A time that does not read as one builds too.
            at="$(date -u -d "$next" +%s 2>/dev/null || echo 0)"
            if [ "$at" -le "$(date -u +%s)" ]; then build=true; else build=false; fi
          fi
          echo "Next change: \${next:-unknown}; build: $build"
          echo "build=$build" >> "$GITHUB_OUTPUT"

  build:
    needs: due
    # Pushes and runs by hand always build (the due job is skipped for them); scheduled runs when due.
    if: \${{ !cancelled() && (github.event_name != 'schedule' || needs.due.outputs.build == 'true') }}
    runs-on: ubuntu-latest
    outputs:
      next-change: \${{ steps.next.outputs.change }}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      - id: pages
        uses: actions/configure-pages@v5
      # The build cache: unchanged stories are not rendered again, nor unchanged photos encoded again.
      - uses: actions/cache@v4
        with:
          path: .gazette-cache
          key: gazette-\${{ runner.os }}-\${{ github.run_id }}-\${{ github.run_attempt }}
          restore-keys: gazette-\${{ runner.os }}-
      # The address GitHub Pages serves the site at (a custom domain, or https://<owner>.github.io/<repository>/).
      # Remove --base-url to use "url" from gazette.config.json instead.
      - run: npx gazette build --base-url "\${{ steps.pages.outputs.base_url }}/"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: dist
      # When the site next changes by itself: kept for the scheduled runs' due job once the site is deployed.
      - id: next
        run: echo "change=$(cat .gazette-cache/next-change)" >> "$GITHUB_OUTPUT"

  deploy:
    needs: build
    if: \${{ !cancelled() && needs.build.result == 'success' }}
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: \${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
      # Only now: a deploy that failed leaves the scheduled runs building until one succeeds.
      - run: mkdir -p .gazette-cache && echo "$NEXT_CHANGE" > .gazette-cache/next-change
        env:
          NEXT_CHANGE: \${{ needs.build.outputs.next-change }}
      - uses: actions/cache/save@v4
        with:
          path: .gazette-cache/next-change
          key: gazette-next-change-\${{ github.run_id }}-\${{ github.run_attempt }}
`;
}
