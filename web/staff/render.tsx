import type { Context } from 'hono';
import { html } from 'hono/html';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { MessageKey } from '#core';
import { pageOf } from './context.ts';
import { MessagePage } from './views/message.tsx';

export type StaffStatus = 200 | 400 | 403 | 404 | 409 | 410 | 413 | 429 | 500;

/** Every staff response: never cached, never indexed. */
export function renderStaff(c: Context, page: JSX.Element, status: StaffStatus = 200) {
  c.header('Cache-Control', 'no-store');
  c.header('X-Robots-Tag', 'noindex');
  return c.html(html`<!DOCTYPE html>${page}`, status);
}

export function renderMessage(
  c: Context,
  title: MessageKey,
  body: MessageKey,
  status: StaffStatus,
  link?: 'queue' | 'signIn',
) {
  return renderStaff(c, <MessagePage page={pageOf(c)} title={title} body={body} link={link} />, status);
}

/** Forbidden looks exactly like missing: nothing to learn from the difference. */
export const renderNotFound = (c: Context) =>
  renderMessage(c, 'staff.notFound.title', 'staff.notFound.body', 404, 'queue');
