import { createHmac } from 'node:crypto';
import type { Context } from 'hono';
import { PARTICIPANT_ID_PATTERN, sameToken } from '#core';
import { dropCookie, readCookie, writeCookie } from '../../cookies.ts';

/**
 * The participant token bound to the browser: `<participant id>.<signature>` in a cookie per
 * consultation, set like every other Mashura cookie (web/cookies.ts: HttpOnly, SameSite=Strict,
 * Path=/, and `__Host-` with Secure on https, so a sibling subdomain cannot toss one in). It
 * names an anonymous participant (random for an open consultation, derived from the code for a
 * closed one) and nothing about the person. SameSite=Strict also keeps other sites from voting
 * on someone's behalf.
 */
export const participantCookie = (consultationId: string) => `mashura_cons_${consultationId}`;
const COOKIE_DAYS = 60;

const signature = (secret: string, consultationId: string, participantId: string) =>
  createHmac('sha256', secret)
    .update(`mashura:participant:${consultationId}:${participantId}`)
    .digest('base64url')
    .slice(0, 32);

export function setParticipant(c: Context, secret: string, consultationId: string, participantId: string) {
  writeCookie(
    c,
    participantCookie(consultationId),
    `${participantId}.${signature(secret, consultationId, participantId)}`,
    COOKIE_DAYS * 86_400,
  );
}

/** The participant id this browser holds for the consultation, if its signature is ours. */
export function participantIdOf(c: Context, secret: string, consultationId: string): string | undefined {
  const value = readCookie(c, participantCookie(consultationId));
  if (!value) return undefined;
  const [id, sig] = value.split('.');
  if (!id || !PARTICIPANT_ID_PATTERN.test(id) || !sameToken(sig, signature(secret, consultationId, id))) {
    dropCookie(c, participantCookie(consultationId));
    return undefined;
  }
  return id;
}
