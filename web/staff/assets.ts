import { createHash } from 'node:crypto';
import { STAFF_ASSETS } from '#core';
import { siteCss } from '../public/assets/site.css.ts';
import { siteJs } from '../public/assets/site.js.ts';
import { briefsCss } from './briefs/briefs.css.ts';
import { searchCss } from './search.css.ts';
import { staffCss } from './staff.css.ts';

/**
 * The staff app serves its own assets under STAFF_ASSETS (/staff/assets), so in AWS it runs as a separate
 * function with nothing routed to the public one: the shared stylesheet and script, and
 * the staff additions. Only those two of the public assets: the form's scripts (sending,
 * proof of work, the recorder) are not the staff function's to load.
 */
const own = {
  'site.css': { body: siteCss, type: 'text/css; charset=utf-8' },
  'site.js': { body: siteJs, type: 'text/javascript; charset=utf-8' },
  'staff.css': { body: staffCss + searchCss, type: 'text/css; charset=utf-8' },
  'briefs.css': { body: briefsCss, type: 'text/css; charset=utf-8' },
} as const;

export type StaffAssetName = 'site.css' | 'site.js' | 'staff.css' | 'briefs.css';

function lookup(name: string): { body: string; type: string; etag: string } | undefined {
  // Own keys only: `hasOwnProperty` or `__proto__` in a URL are not assets.
  if (Object.hasOwn(own, name)) {
    const file = own[name as keyof typeof own];
    const version = createHash('sha256').update(file.body).digest('base64url').slice(0, 10);
    return { ...file, etag: `"${version}"` };
  }
  return undefined;
}

const cache = new Map<string, ReturnType<typeof lookup>>();
export function findStaffAsset(name: string) {
  if (!cache.has(name)) {
    // Only real assets are cached: a cache keyed by whatever a request names grows without bound.
    const found = lookup(name);
    if (!found) return undefined;
    cache.set(name, found);
  }
  return cache.get(name);
}

export function staffAssetPath(name: StaffAssetName): string {
  return `${STAFF_ASSETS}/${name}?v=${findStaffAsset(name)?.etag.replaceAll('"', '') ?? ''}`;
}
