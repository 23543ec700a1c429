/**
 * The GitHub Actions workflow `gazette init` writes: build on every push to
 * the main branch, by hand, and every 15 minutes (so scheduled stories go
 * out on time), with the build cache kept between runs, then publish on
 * GitHub Pages with its official actions.
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
  build:
    runs-on: ubuntu-latest
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
          key: gazette-\${{ runner.os }}-\${{ github.run_id }}
          restore-keys: gazette-\${{ runner.os }}-
      # The address GitHub Pages serves the site at (a custom domain, or https://<owner>.github.io/<repository>/).
      # Remove --base-url to use "url" from gazette.config.json instead.
      - run: npx gazette build --base-url "\${{ steps.pages.outputs.base_url }}/"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: dist

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: \${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
`;
}
