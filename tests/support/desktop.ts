/**
 * A throw-away desktop for real assistive technology: Xvfb on a free display, a private
 * D-Bus session bus and the AT-SPI accessibility bus, all in one temporary HOME. Chromium
 * started on it with --force-renderer-accessibility exposes its tree over AT-SPI, which is
 * what Orca (and tests/support/atspi.ts) read. Everything is stopped by process group.
 *
 * Needs Debian's xvfb, dbus, at-spi2-core (installed by .ci/run).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './service.ts';

export interface Desktop {
  home: string;
  /** DISPLAY, DBUS_SESSION_BUS_ADDRESS, XDG_*, HOME: what every process on this desktop needs. */
  env: Record<string, string>;
  /** Starts a process in its own group on this desktop; stop() ends it with the rest. */
  spawn(command: string, args: string[], extraEnv?: Record<string, string>): ChildProcess;
  stop(): Promise<void>;
}

function firstLine(stream: NodeJS.ReadableStream, what: string, timeoutMs = 15_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`${what}: nothing after ${timeoutMs} ms`)), timeoutMs);
    stream.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const end = buffer.indexOf('\n');
      if (end >= 0) {
        clearTimeout(timer);
        resolve(buffer.slice(0, end).trim());
      }
    });
    stream.on('error', reject);
  });
}

export async function startDesktop(): Promise<Desktop> {
  const home = mkdtempSync(join(tmpdir(), 'mashura-desktop-'));
  const runtime = join(home, 'run');
  mkdirSync(runtime, { mode: 0o700 });
  const env: Record<string, string> = {
    HOME: home,
    XDG_RUNTIME_DIR: runtime,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    GNOME_ACCESSIBILITY: '1',
    NO_AT_BRIDGE: '0',
  };
  const children: ChildProcess[] = [];
  const start = (command: string, args: string[], extraEnv: Record<string, string> = {}, fds = 3) => {
    const child = spawn(command, args, {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env, ...extraEnv },
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe', ...(fds > 3 ? ['pipe' as const] : [])],
    });
    child.stderr?.resume();
    children.push(child);
    return child;
  };

  // Xvfb picks a free display itself and writes its number to fd 3: no clashes with
  // other suites or other people's displays.
  const xvfb = start('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {}, 4);
  const display = await firstLine(xvfb.stdio[3] as NodeJS.ReadableStream, 'Xvfb');
  env.DISPLAY = `:${display}`;

  const bus = start('dbus-daemon', [
    '--session',
    '--nofork',
    '--print-address=1',
    `--address=unix:path=${join(runtime, 'bus')}`,
  ]);
  env.DBUS_SESSION_BUS_ADDRESS = await firstLine(bus.stdout!, 'dbus-daemon');

  start('/usr/libexec/at-spi-bus-launcher', ['--launch-immediately']);
  // The accessibility bus answers once the launcher has registered it on the session bus.
  for (let attempt = 0; ; attempt++) {
    const probe = spawn('/usr/bin/python3', ['-c', PROBE], { env: { ...process.env, ...env }, stdio: 'ignore' });
    const code = await new Promise<number | null>((resolve) => probe.on('exit', resolve));
    if (code === 0) break;
    if (attempt > 50) throw new Error('the AT-SPI bus did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    home,
    env,
    spawn: (command, args, extraEnv) => start(command, args, extraEnv),
    async stop() {
      for (const child of children.reverse()) {
        if (child.exitCode !== null || child.pid === undefined) continue;
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      for (const child of children) {
        if (child.exitCode === null && child.pid !== undefined) {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
}

const PROBE = `
import gi
gi.require_version('Atspi', '2.0')
from gi.repository import Atspi
Atspi.get_desktop(0).get_child_count()
`;

/**
 * Chromium on the desktop, headed (AT-SPI needs a real window), with its accessibility
 * tree always built, no translate bar (Orca would announce it) and a fresh profile.
 */
export function launchAccessibleBrowser(
  desktop: Desktop,
  extraArgs: string[] = [],
  extraEnv: Record<string, string> = {},
): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: false,
    args: [
      ...CHROMIUM_ARGS.filter((arg) => arg !== '--headless'),
      '--force-renderer-accessibility',
      '--disable-features=Translate',
      '--window-size=1280,1000',
      ...extraArgs,
    ],
    env: { ...process.env, ...desktop.env, ...extraEnv } as Record<string, string>,
  });
}
