/**
 * What the workflow suites run against: a fresh table, a local SES (cleared before each
 * test) and the submission store, set up around the suite that calls this.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createSesSender } from '#mail';
import { createSubmissionStore, type SubmissionStore } from '#store';
import { startLocalSes } from '../../dev/ses.ts';
import { testTable } from './dynamo.ts';
import { faultySender } from './mail.ts';

export interface WorkflowEnvironment {
  table: Awaited<ReturnType<typeof testTable>>;
  ses: Awaited<ReturnType<typeof startLocalSes>>;
  store: SubmissionStore;
  /** A sender to the local SES that fails when `failure` says so. */
  mail(failure?: Parameters<typeof faultySender>[1]): ReturnType<typeof faultySender>;
}

export function workflowEnvironment(): WorkflowEnvironment {
  const env = {
    mail: (failure = () => undefined) =>
      faultySender(createSesSender({ region: 'eu-central-1', endpoint: env.ses.endpoint }), failure),
  } as WorkflowEnvironment;
  beforeAll(async () => {
    [env.table, env.ses] = await Promise.all([testTable(), startLocalSes()]);
    env.store = createSubmissionStore(env.table.client, env.table.tableName);
  });
  afterAll(async () => {
    await env.ses.stop();
    await env.table.stop();
  });
  beforeEach(async () => {
    await fetch(`${env.ses.endpoint}/clear-store`, { method: 'POST' });
  });
  return env;
}
