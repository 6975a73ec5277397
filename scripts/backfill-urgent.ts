/**
 * Puts urgent submissions stored before the urgent-first indexes existed (ADR 0009) on
 * those indexes, in a deployed stage's table. Run once with an operator's AWS credentials
 * after the deploys that add the indexes; safe to run again (it only touches urgent
 * submissions that lack the keys):
 *
 *   npx tsx scripts/backfill-urgent.ts --table <TableName output> [--region eu-central-1]
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { backfillUrgentIndexes, createDocumentClient } from '#store';

export function parseBackfillArgs(argv: string[], env: Record<string, string | undefined> = process.env) {
  const { values } = parseArgs({
    args: argv,
    options: { table: { type: 'string' }, region: { type: 'string' }, endpoint: { type: 'string' } },
    strict: true,
  });
  const table = values.table ?? env.MASHURA_TABLE;
  if (!table) throw new Error('Missing --table (the Storage stack output TableName) or MASHURA_TABLE');
  return { table, region: values.region ?? env.AWS_REGION ?? 'eu-central-1', endpoint: values.endpoint };
}

async function main() {
  const args = parseBackfillArgs(process.argv.slice(2));
  const client = createDocumentClient({ region: args.region, endpoint: args.endpoint });
  try {
    const updated = await backfillUrgentIndexes(client, args.table);
    console.log(`${updated} urgent submission(s) put on the urgent indexes in ${args.table}`);
  } finally {
    client.destroy();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
