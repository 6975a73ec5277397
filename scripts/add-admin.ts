/**
 * Adds the first admin (or any staff account) to a deployed stage's table, with the same
 * store code the staff pages use (packages/store/staff.ts). Run with your own AWS
 * credentials (an operator's, not a Lambda's):
 *
 *   npx tsx scripts/add-admin.ts --table <TableName output> --email someone@ose.org [--role admin] [--region eu-central-1]
 *
 * The person then signs in at /staff with that address (a single-use link is emailed).
 * Adding an address that already has an account changes its role instead; a removed
 * account is brought back. Nothing else in the table is touched.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isStaffRole, normaliseStaffEmail, type StaffRole } from '#core';
import { createDocumentClient, createStaffStore } from '#store';

export type AddStaffOutcome = 'added' | 'role-changed' | 'unchanged';

export async function addStaff(
  client: DynamoDBDocumentClient,
  tableName: string,
  email: string,
  role: StaffRole = 'admin',
): Promise<{ email: string; role: StaffRole; outcome: AddStaffOutcome }> {
  const normalised = normaliseStaffEmail(email);
  if (!normalised) throw new Error(`Not an email address: ${email}`);
  const staff = createStaffStore(client, tableName);
  if ((await staff.add(normalised, role, 'scripts/add-admin')) === 'added') {
    return { email: normalised, role, outcome: 'added' };
  }
  const current = await staff.get(normalised);
  if (current?.role === role) return { email: normalised, role, outcome: 'unchanged' };
  if (!(await staff.setRole(normalised, role))) throw new Error(`Could not change the role of ${normalised}`);
  return { email: normalised, role, outcome: 'role-changed' };
}

export function parseAddAdminArgs(argv: string[], env: Record<string, string | undefined> = process.env) {
  const { values } = parseArgs({
    args: argv,
    options: {
      table: { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string', default: 'admin' },
      region: { type: 'string' },
      endpoint: { type: 'string' },
    },
    strict: true,
  });
  const table = values.table ?? env.MASHURA_TABLE;
  if (!table) throw new Error('Missing --table (the Storage stack output TableName) or MASHURA_TABLE');
  if (!values.email) throw new Error('Missing --email');
  if (!isStaffRole(values.role)) throw new Error(`--role must be triager, admin or liaison, not ${values.role}`);
  return {
    table,
    email: values.email,
    role: values.role,
    region: values.region ?? env.AWS_REGION ?? 'eu-central-1',
    endpoint: values.endpoint,
  };
}

async function main() {
  const args = parseAddAdminArgs(process.argv.slice(2));
  const client = createDocumentClient({ region: args.region, endpoint: args.endpoint });
  try {
    const result = await addStaff(client, args.table, args.email, args.role);
    console.log(`${result.email}: ${result.role} (${result.outcome}) in ${args.table}`);
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
