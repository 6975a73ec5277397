import { createHash } from 'node:crypto';
import type { Language } from '#core';
import { powWorkerJs, protectJs } from './protect.js.ts';
import { recorderJs } from './recorder.js.ts';
import { siteCss } from './site.css.ts';
import { siteJs } from './site.js.ts';

/** Static assets, kept in the bundle and served with a content hash for long caching. */
const files = {
  'site.css': { body: siteCss, type: 'text/css; charset=utf-8' },
  'site.js': { body: siteJs, type: 'text/javascript; charset=utf-8' },
  'protect.js': { body: protectJs, type: 'text/javascript; charset=utf-8' },
  'pow-worker.js': { body: powWorkerJs, type: 'text/javascript; charset=utf-8' },
  'recorder.ar.js': { body: recorderJs.ar, type: 'text/javascript; charset=utf-8' },
  'recorder.en.js': { body: recorderJs.en, type: 'text/javascript; charset=utf-8' },
} as const;

/** The voice recorder's file for a language (issue 19), loaded only when someone chooses to record. */
export const recorderAsset = (language: Language) => `recorder.${language}.js` as AssetName;

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
