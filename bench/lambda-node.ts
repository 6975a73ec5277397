import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The Node that Lambda runs (`nodejs24.x`), for timing module init: V8 and the module loader
 * change between majors, so init measured on the bench's own Node (20 here) would not be the
 * Lambda's. The binary comes from the npm registry's `node-<os>-<arch>` package, fetched with
 * `npm pack` into `bench/.cache/` (gitignored) on first use, never into package.json.
 * `BENCH_LAMBDA_NODE=/path/to/node` uses another binary; `=self` uses the bench's own Node.
 */
export const LAMBDA_NODE_VERSION = '24.22.3';

const cache = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '.cache');

export interface LambdaNode {
  path: string;
  version: string;
}

export function lambdaNode(log: (line: string) => void = () => {}): LambdaNode {
  const override = process.env.BENCH_LAMBDA_NODE?.trim();
  if (override === 'self') return { path: process.execPath, version: process.version };
  if (override) return { path: override, version: execFileSync(override, ['--version'], { encoding: 'utf8' }).trim() };
  const name = `node-${platform()}-${arch()}`;
  const dir = join(cache, `${name}-${LAMBDA_NODE_VERSION}`);
  const binary = join(dir, 'package', 'bin', 'node');
  if (!existsSync(binary)) {
    log(`fetching ${name}@${LAMBDA_NODE_VERSION} from the npm registry (once; about 50 MB)`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    execFileSync('npm', ['pack', `${name}@${LAMBDA_NODE_VERSION}`, '--silent', '--pack-destination', dir], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const tarball = readdirSync(dir).find((file) => file.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack ${name}@${LAMBDA_NODE_VERSION} left no tarball in ${dir}`);
    execFileSync('tar', ['-xzf', tarball, 'package/bin/node'], { cwd: dir });
    rmSync(join(dir, tarball));
  }
  const version = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
  return { path: binary, version };
}
