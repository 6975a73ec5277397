import { loadConfig } from '#core';
import { createLogger } from '#log';
import { objectsFor } from '#objects';
import { createDocumentClient, createRetentionStore } from '#store';
import { createPurge } from './retention.ts';

/**
 * The purge Lambda: needs no KMS key (erasing ciphertext does not decrypt it), only Query on
 * byStatus, UpdateItem and DeleteItem on the table, and DeleteObject on the recordings' bucket.
 */
const config = loadConfig();
const client = createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint });
const { purge } = createPurge({
  retention: createRetentionStore(client, config.tableName, { campaign: config.campaign }),
  rules: config.retention,
  objects: objectsFor(config),
  log: createLogger(),
});

export const handler = () => purge();
