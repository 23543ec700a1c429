import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './helpers.js';

/** Run a command, returning its exit code and output (npm prints to both streams). */
function sh(command: string, args: string[], cwd: string): { code: number | null; output: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' } });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the npm package', () => {
  it('should compile when packed, and install nothing from its own development', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.prepack).toBe('npm run compile');
    // prepare must not need the TypeScript compiler to be there already (a folder install has no dev dependencies).
    expect(pkg.scripts.prepare).not.toMatch(/^tsc|npm run compile$/);
    expect(Object.keys(pkg.dependencies)).not.toContain('typescript');
    expect(pkg.bin).toEqual({ gazette: 'bin/gazette.js' });
  });

  it('should pack the compiled code, bin and theme, install outside the repository, and make and build a site there', () => {
    const dir = tempDir('gazette-pack-');
    expect(path.relative(ROOT, dir).startsWith('..')).toBe(true);
    // The tarball of the code `npm test` just compiled: prepack would compile again, under the other tests' feet.
    const pack = sh('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], ROOT);
    expect(pack.code, pack.output).toBe(0);
    const tarball = path.join(dir, pack.output.trim().split('\n').pop()!);
    const listing = sh('tar', ['-tzf', tarball], dir).output.split('\n').filter(Boolean);
    expect(listing).toEqual(expect.arrayContaining(['package/bin/gazette.js', 'package/lib/cli/index.js', 'package/lib/markdown/pipeline.js', 'package/templates/pages/article.hbs', 'package/package.json']));
    expect(listing.filter((f) => /\.ts$|\.map$|tsbuildinfo|^package\/(src|test|articles)\//.test(f))).toEqual([]);

    const site = path.join(dir, 'site');
    fs.mkdirSync(site);
    // Only what the npm cache holds (every dependency is there after `npm ci`); where the cache lacks
    // the registry's package lists (no lockfile here), they are fetched once and cached.
    let install = sh('npm', ['install', tarball, '--offline', '--no-audit', '--no-fund'], site);
    if (install.code !== 0 && /ENOTCACHED/.test(install.output)) install = sh('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund'], site);
    expect(install.code, install.output).toBe(0);
    expect(fs.existsSync(path.join(site, 'node_modules', 'typescript'))).toBe(false);

    const init = sh('npx', ['--no-install', 'gazette', 'init', '.', '--yes', '--title', 'Packed'], site);
    expect(init.code, init.output).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(site, 'package.json'), 'utf8')).dependencies.gazette).toMatch(/^file:/);
    const build = sh('npx', ['--no-install', 'gazette', 'build'], site);
    expect(build.code, build.output).toBe(0);
    expect(fs.readFileSync(path.join(site, 'dist', 'index.html'), 'utf8')).toContain('Packed');
    const check = sh('npm', ['run', 'check', '--silent'], site);
    expect(check.code, check.output).toBe(0);
  }, 240_000);
});
