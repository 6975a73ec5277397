import { describe, expect, it } from 'vitest';
import { canonicalMailbox } from './mailbox.ts';

describe('canonical mailboxes', () => {
  it('folds case and +tags everywhere, dots only where the provider ignores them', () => {
    expect(canonicalMailbox(' Victim+1@Example.ORG ')?.canonical).toBe('victim@example.org');
    expect(canonicalMailbox('v.i.c.t.i.m+x@googlemail.com')?.canonical).toBe('victim@gmail.com');
    expect(canonicalMailbox('vic.tim@example.org')?.canonical).toBe('vic.tim@example.org');
    expect(canonicalMailbox('+only@example.org')?.canonical).toBe('+only@example.org');
  });
  it('says whether a domain ceiling applies', () => {
    expect(canonicalMailbox('a@gmail.com')?.ownDomain).toBe(false);
    expect(canonicalMailbox('a@ngo.example')?.ownDomain).toBe(true);
    expect(canonicalMailbox('no-at-sign')).toBeUndefined();
  });
});
