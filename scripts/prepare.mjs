// npm runs "prepare" after `npm install` / `npm ci` in this repository, when gazette is installed
// from git (with its dev dependencies, in a temporary clone), and when it is installed from a
// folder (`npm install -g path/to/gazette`), where npm installs no dev dependencies: then the
// TypeScript compiler is missing, so it is installed here first. A packed tarball (`npm pack`)
// already holds the compiled lib/ and never runs this.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];

// `npm pack` and `npm publish` compile in "prepack"; compiling again here would only repeat it.
if (process.env.npm_command === 'pack' || process.env.npm_command === 'publish') process.exit(0);

function run(args, env = process.env) {
  const [command, ...rest] = [...npm, ...args];
  const result = spawnSync(command, rest, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const hasCompiler = fs.existsSync(path.join(root, 'node_modules', 'typescript', 'package.json')) && fs.existsSync(path.join(root, 'node_modules', 'esbuild', 'package.json'));
if (!hasCompiler) {
  process.stderr.write('gazette: installing the TypeScript compiler and esbuild to compile gazette (a folder install brings no dev dependencies)\n');
  // A local install in this folder, whatever the outer command was (-g, --omit=dev): those settings reach us through the environment.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_(global|location|prefix|omit|include|production|save|only)$/i.test(key)));
  run(['install', '--no-save', '--include=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefix', root], env);
}
run(['run', 'compile']);
