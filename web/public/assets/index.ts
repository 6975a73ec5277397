import { createHash } from 'node:crypto';
import { LANGUAGES, type Language } from '#core';
import { powWorkerJs, protectJs } from './protect.js.ts';
import { recorderJs } from './recorder.js.ts';
import { sendJs } from './send.js.ts';
import { siteCss } from './site.css.ts';
import { siteJs } from './site.js.ts';

type RecorderAsset = `recorder.${Language}.js`;
const JS = 'text/javascript; charset=utf-8';

/** Static assets, kept in the bundle and served with a content hash for long caching. */
const files = {
  'site.css': { body: siteCss, type: 'text/css; charset=utf-8' },
  'site.js': { body: siteJs, type: 'text/javascript; charset=utf-8' },
  'protect.js': { body: protectJs, type: 'text/javascript; charset=utf-8' },
  'pow-worker.js': { body: powWorkerJs, type: 'text/javascript; charset=utf-8' },
  'send.js': { body: sendJs, type: 'text/javascript; charset=utf-8' },
  // The voice recorder, one file per served language (its words are in it), loaded only
  // when someone chooses to record (issue 19).
  ...(Object.fromEntries(
    LANGUAGES.map((language) => [`recorder.${language}.js`, { body: recorderJs[language], type: JS }]),
  ) as Record<RecorderAsset, { body: string; type: string }>),
} as const;

export const recorderAsset = (language: Language): AssetName => `recorder.${language}.js`;

export type AssetName = keyof typeof files;

const versions = Object.fromEntries(
  Object.entries(files).map(([name, file]) => [
    name,
    createHash('sha256').update(file.body).digest('base64url').slice(0, 10),
  ]),
) as Record<AssetName, string>;

export function assetPath(name: AssetName): string {
  return `/assets/${name}?v=${versions[name]}`;
}

export function findAsset(name: string) {
  // Own keys only: `constructor` or `__proto__` are not assets.
  return Object.hasOwn(files, name)
    ? { ...files[name as AssetName], etag: `"${versions[name as AssetName]}"` }
    : undefined;
}
