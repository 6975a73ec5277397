/**
 * Moving through a page the way a keyboard user does: Tab and Shift+Tab, looking at what
 * has focus after each press. Reading state (what is focused, what a field holds) is not
 * interacting, so tests may inspect freely; every change goes through page.keyboard.
 */
import type { Page } from 'playwright-core';
import { type ActiveElement, activeElement } from './in-page.ts';

export type { ActiveElement };

/** Presses Tab (or Shift+Tab) once and returns what has focus. */
export async function tab(page: Page, backwards = false): Promise<ActiveElement> {
  await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  return activeElement(page);
}

/**
 * Tabs until `wanted` has focus and returns how many presses it took. Fails, listing every
 * stop on the way, if it is not reached within `max` presses: an element that the
 * keyboard cannot reach is a bug, not something to click instead.
 */
export async function tabTo(
  page: Page,
  wanted: (active: ActiveElement) => boolean,
  { max = 60, backwards = false, what = 'the wanted element' } = {},
): Promise<number> {
  const seen: string[] = [];
  for (let presses = 1; presses <= max; presses++) {
    const active = await tab(page, backwards);
    if (wanted(active)) return presses;
    seen.push(active.id ? `#${active.id}` : `${active.element} "${active.text.slice(0, 30)}"`);
  }
  throw new Error(`${what} not reached with ${backwards ? 'Shift+Tab' : 'Tab'} in ${max} presses: ${seen.join(', ')}`);
}

export const byId = (id: string) => (active: ActiveElement) => active.id === id;

/** Which radio in a group is checked, and what the page holds in a field (reading only). */
export const fieldValue = (page: Page, selector: string) =>
  page.locator(selector).evaluate((el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement) => el.value);
export const isChecked = (page: Page, selector: string) =>
  page.locator(selector).evaluate((el: HTMLInputElement) => el.checked);
