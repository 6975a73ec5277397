/**
 * Which mailbox an address reaches, for caps on mail the public can make us send. Several
 * spellings reach one mailbox: case everywhere in practice, `+tag` sub-addressing at most
 * providers, and dots in the local part at Gmail (also under googlemail.com). Treating two
 * addresses as one mailbox when a provider would not only makes a cap stricter, so the rules
 * err that way: `+tag` is dropped for every domain.
 */

/** Providers that ignore dots in the local part, with the domain they are one with. */
const DOTLESS: Record<string, string> = { 'gmail.com': 'gmail.com', 'googlemail.com': 'gmail.com' };

/**
 * Large public providers, whose millions of unrelated people would share a per-domain
 * ceiling: for them the per-mailbox cap alone applies (their tags and dots are folded above).
 */
export const PUBLIC_MAIL_PROVIDERS: readonly string[] = [
  'gmail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'ymail.com',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'pm.me',
  'gmx.com',
  'gmx.net',
  'mail.com',
  'yandex.com',
  'yandex.ru',
  'mail.ru',
  'zoho.com',
  'tutanota.com',
  'tuta.io',
];

export interface Mailbox {
  /** local@domain, folded as above. */
  canonical: string;
  domain: string;
  /** Whether a per-domain ceiling is meaningful (not a large public provider). */
  ownDomain: boolean;
}

export function canonicalMailbox(email: string): Mailbox | undefined {
  const trimmed = email.trim().toLowerCase();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1) return undefined;
  let local = trimmed.slice(0, at);
  let domain = trimmed.slice(at + 1).replace(/\.$/, '');
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  const dotless = DOTLESS[domain];
  if (dotless) {
    domain = dotless;
    local = local.replaceAll('.', '');
  }
  return { canonical: `${local}@${domain}`, domain, ownDomain: !PUBLIC_MAIL_PROVIDERS.includes(domain) };
}
