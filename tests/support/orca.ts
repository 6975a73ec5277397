/**
 * Orca, the GNOME screen reader, on a throw-away desktop (tests/support/desktop.ts), with
 * its speech captured as text. There is no sound card: speech-dispatcher gets a per-run
 * configuration whose only output module is sd_generic running `printf … >> transcript`,
 * and an ALSA "null" device to satisfy its audio check. Orca's own debug log
 * ("SPEECH OUTPUT:" lines) is a second, independent transcript.
 *
 * Settings for the run: braille off, "say all on load" and the page summary off (say all
 * stalls with captured speech and then drops group questions on Tab), the locale Arabic
 * (Orca only speaks Arabic in an Arabic locale; in English it spells Arabic letter by letter).
 * One Orca at a time per user: never --replace, it would kill someone else's.
 */
import { execFile } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Desktop } from './desktop.ts';

const run = promisify(execFile);

export interface Utterance {
  language: string;
  text: string;
}

export interface Orca {
  /** Everything spoken since the start, in order. */
  spoken(): Utterance[];
  /** Orca's own record of what it sent to speech ("SPEECH OUTPUT:" lines of its debug file). */
  debugSpeech(): string[];
  /** Presses keys with xdotool (X events, as a keyboard would), then waits for silence. */
  press(...keys: string[]): Promise<Utterance[]>;
  /**
   * Waits until nothing new has been spoken for `quietMs` (after the first utterance, which
   * may take up to `firstMs` on a busy machine); returns what was said meanwhile.
   */
  settle(quietMs?: number, maxMs?: number, firstMs?: number): Promise<Utterance[]>;
  stop(): Promise<void>;
}

const SEPARATOR = '\u001f';

function speechDispatcherConfig(desktop: Desktop, transcript: string): void {
  const dir = join(desktop.env.XDG_CONFIG_HOME!, 'speech-dispatcher');
  mkdirSync(join(dir, 'modules'), { recursive: true });
  // The system configuration keeps its symbol preprocessing, so punctuation is spoken the
  // way it is for real users ("(" by name at the default level).
  const system = readFileSync('/etc/speech-dispatcher/speechd.conf', 'utf8');
  writeFileSync(
    join(dir, 'speechd.conf'),
    `${system}
AddModule "capture" "sd_generic" "capture.conf"
DefaultModule capture
AudioOutputMethod "alsa"
AudioALSADevice "null"
Timeout 0
`,
  );
  writeFileSync(
    join(dir, 'modules', 'capture.conf'),
    `GenericExecuteSynth "printf '%s${SEPARATOR}%s\\\\n' '$LANGUAGE' '$DATA' >> ${transcript}"
GenericStripPunctChars "'"
GenericLanguage "ar" "ar" "utf-8"
GenericLanguage "en" "en" "utf-8"
GenericLanguage "en-gb" "en" "utf-8"
GenericLanguage "en-us" "en" "utf-8"
AddVoice "ar" "MALE1" "ar"
AddVoice "en" "MALE1" "en"
GenericDefaultVoice "MALE1"
`,
  );
}

function orcaSettings(prefs: string): void {
  mkdirSync(prefs, { recursive: true });
  const general = {
    firstStart: false,
    enableBraille: false,
    enableSpeech: true,
    sayAllOnLoad: false,
    pageSummaryOnLoad: false,
    enableEchoByWord: false,
    enableKeyEcho: false,
    speechServerFactory: 'orca.speechdispatcherfactory',
    startingProfile: ['Default', 'default'],
    activeProfile: ['Default', 'default'],
  };
  const settings = {
    general,
    profiles: { default: { profile: ['Default', 'default'], ...general, pronunciations: {}, keybindings: {} } },
    pronunciations: {},
    keybindings: {},
  };
  writeFileSync(join(prefs, 'user-settings.conf'), JSON.stringify(settings, null, 1));
}

export async function startOrca(desktop: Desktop, locale = 'ar_SY.UTF-8'): Promise<Orca> {
  const transcript = join(desktop.home, 'transcript.txt');
  const debugFile = join(desktop.home, 'orca-debug.txt');
  writeFileSync(transcript, '');
  speechDispatcherConfig(desktop, transcript);
  const prefs = join(desktop.home, 'orca');
  orcaSettings(prefs);
  const language = locale.split('_')[0]!;
  const localeEnv = { LANG: locale, LC_ALL: locale, LANGUAGE: language };
  desktop.spawn('orca', ['--disable', 'braille', '-u', prefs, '--debug-file', debugFile], localeEnv);

  const spoken = (): Utterance[] =>
    readFileSync(transcript, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [lang = '', ...rest] = line.split(SEPARATOR);
        return { language: lang, text: rest.join(SEPARATOR).trim() };
      });

  async function settle(quietMs = 1000, maxMs = 20_000, firstMs = 0): Promise<Utterance[]> {
    const start = spoken().length;
    const began = Date.now();
    let count = start;
    let lastChange = Date.now();
    while (Date.now() - began < maxMs) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const now = spoken().length;
      if (now !== count) {
        count = now;
        lastChange = Date.now();
      } else if (Date.now() - lastChange >= quietMs && (count > start || Date.now() - began >= firstMs)) break;
    }
    return spoken().slice(start);
  }

  const xdotool = (args: string[]) => run('xdotool', args, { env: { ...process.env, ...desktop.env } });

  // Orca is ready once it has said its welcome ("Screen reader on").
  const began = Date.now();
  while (spoken().length === 0) {
    if (Date.now() - began > 30_000) throw new Error('Orca said nothing within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await settle();

  return {
    spoken,
    debugSpeech: () =>
      existsSync(debugFile)
        ? readFileSync(debugFile, 'utf8')
            .split('\n')
            .filter((line) => line.includes('SPEECH OUTPUT:'))
            .map((line) => line.slice(line.indexOf('SPEECH OUTPUT:') + 14).trim())
        : [],
    async press(...keys: string[]) {
      const start = spoken().length;
      for (const key of keys) {
        await xdotool(['key', '--clearmodifiers', key]);
        await settle(1000, 20_000, 5000);
      }
      return spoken().slice(start);
    },
    settle,
    async stop() {
      appendFileSync(transcript, '');
    },
  };
}

/** Puts the X pointer over the browser window so that its window receives the keys (no window manager). */
export async function focusBrowserWindow(desktop: Desktop): Promise<void> {
  const env = { ...process.env, ...desktop.env };
  await run('xdotool', ['mousemove', '640', '500'], { env });
  const { stdout } = await run('xdotool', ['search', '--onlyvisible', '--class', 'chromium'], { env }).catch(() => ({
    stdout: '',
  }));
  const window = stdout.trim().split('\n').filter(Boolean).at(-1);
  if (window) await run('xdotool', ['windowfocus', '--sync', window], { env }).catch(() => undefined);
}
