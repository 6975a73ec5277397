/**
 * `npm test`: the linter first (seconds), then the type check beside every test suite. tsc
 * takes one core for about half a minute; run before Vitest it delayed the first suite by that
 * much, beside it it overlaps the suites' start. Fails when either fails, with both outputs.
 */
import { spawn } from 'node:child_process';

const run = (command, args) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit' });
    child.on('error', () => resolve(1));
    child.on('exit', (code, signal) => resolve(signal ? 1 : (code ?? 1)));
  });

const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;

if ((await run(bin('biome'), ['check', '.'])) !== 0) process.exit(1);
const [types, tests] = await Promise.all([
  run(bin('tsc'), ['--noEmit']).then((code) => {
    console.log(code === 0 ? '\ntsc --noEmit: no type errors' : '\ntsc --noEmit: type errors (above)');
    return code;
  }),
  run(bin('vitest'), ['run', ...process.argv.slice(2)]),
]);
process.exit(types !== 0 || tests !== 0 ? 1 : 0);
