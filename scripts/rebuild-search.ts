/**
 * Rebuilds staff search and near-duplicate groups (issue 15) from a stage's table: each
 * submission is erased from the index and indexed again from its current text, and what an
 * interrupted erasure left behind is removed. Run with an operator's AWS credentials after
 * changing the normalisation, the stemmer or the grouping threshold, or to repair drift;
 * safe to run again:
 *
 *   npx tsx scripts/rebuild-search.ts --table <TableName output> [--region eu-central-1]
 *   npx tsx scripts/rebuild-search.ts --table mashura --endpoint http://127.0.0.1:<port>   (local)
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createDocumentClient } from '#store';
import { rebuildSearch } from '#store/search-rebuild.ts';

export function parseRebuildArgs(argv: string[], env: Record<string, string | undefined> = process.env) {
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
  const args = parseRebuildArgs(process.argv.slice(2));
  const client = createDocumentClient({ region: args.region, endpoint: args.endpoint });
  try {
    const { indexed, orphans } = await rebuildSearch(client, args.table, console.log);
    console.log(`${indexed} submission(s) indexed, ${orphans} leftover index item(s) erased in ${args.table}`);
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
