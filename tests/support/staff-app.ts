/**
 * The staff app's dependencies on a test table, as functions/compose-staff.ts wires them,
 * with mail captured in `mails` (newest first). Suites override what they test.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTriage } from '#core';
import type { ContactVault } from '#crypto/contact.ts';
import type { OutgoingEmail } from '#mail';
import {
  createQueueStore,
  createRateLimiter,
  createSearchIndex,
  createSessionStore,
  createSignInTokenStore,
  createStaffStore,
  createStatusCounts,
  createSubmissionStore,
  createTriageStore,
} from '#store';
import type { StaffAppDeps } from '../../web/staff/deps.ts';

export interface StaffTestOptions {
  mails: OutgoingEmail[];
  secret: string;
  now?: () => number;
  contacts?: ContactVault;
  outcomes?: Parameters<typeof createTriage>[0]['outcomes'];
}

export function staffTestDeps(
  { client, tableName }: { client: DynamoDBDocumentClient; tableName: string },
  { mails, secret, now, contacts, outcomes }: StaffTestOptions,
  overrides: Partial<StaffAppDeps> = {},
) {
  const store = createSubmissionStore(client, tableName);
  const counts = createStatusCounts(client, tableName);
  const staff = createStaffStore(client, tableName);
  const deps: StaffAppDeps = {
    triage: createTriage({
      repository: createTriageStore(client, tableName, counts, store.get),
      staff,
      ...(contacts ? { contacts } : {}),
      ...(outcomes ? { outcomes } : {}),
    }),
    staff,
    sessions: createSessionStore(client, tableName, now),
    signInTokens: createSignInTokenStore(client, tableName, now),
    queue: createQueueStore(client, tableName, counts),
    search: createSearchIndex(client, tableName),
    rateLimiter: createRateLimiter(client, tableName, now),
    mail: {
      send: async (email) => {
        mails.unshift(email);
        return { messageId: `m${mails.length}` };
      },
    },
    mailFrom: 'no-reply@mashura.example',
    baseUrl: 'http://localhost:3000',
    secret,
    config: { sessionHours: 12, signInsPer15Minutes: 5 },
    ...(now ? { now } : {}),
    ...overrides,
  };
  return { deps, store, staff, counts };
}
