import type { Contact, ContactSealer } from '#core';
import { type ContactKeyring, createContactSealer, memo, PURPOSE } from './seal.ts';

export { type ContactKeyring, contactKeyring, createContactSealer, type KeyringSource } from './seal.ts';

/**
 * Sealing and opening contact details (the staff function and the workflow tasks that write
 * to the person). The public function imports ./seal.ts alone, so the decrypt client is not
 * even a lazy chunk of its bundle.
 */
const decryptClient = memo(async () => {
  const [{ buildDecrypt }, { CommitmentPolicy }] = await Promise.all([
    import('@aws-crypto/decrypt-node'),
    import('@aws-crypto/material-management-node'),
  ]);
  return buildDecrypt(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT).decrypt;
});

export interface ContactVault extends ContactSealer {
  open(ciphertext: string, reference: string): Promise<Contact>;
}

export function createContactVault(keyring: ContactKeyring): ContactVault {
  return {
    ...createContactSealer(keyring),
    async open(ciphertext, reference) {
      const [decrypt, node] = await Promise.all([decryptClient(), keyring.keyring()]);
      const { plaintext, messageHeader } = await decrypt(node, Buffer.from(ciphertext, 'base64'));
      const context = messageHeader.encryptionContext;
      if (context.purpose !== PURPOSE || context.reference !== reference) {
        throw new Error('Contact ciphertext does not belong to this submission');
      }
      return JSON.parse(plaintext.toString('utf8')) as Contact;
    },
  };
}
