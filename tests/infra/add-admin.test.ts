/**
 * scripts/add-admin.ts (docs/deploy.md, "Add the first admin"), against an in-process table
 * built from the same description as the deployed one.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffStore } from '#store';
import { addStaff, parseAddAdminArgs } from '../../scripts/add-admin.ts';
import { testTable } from '../support/dynamo.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('scripts/add-admin.ts', () => {
  let db: Awaited<ReturnType<typeof testTable>>;
  beforeAll(async () => {
    db = await testTable();
  });
  afterAll(async () => {
    await db?.stop();
  });

  it('adds an admin the staff pages will recognise, normalising the address', async () => {
    const result = await addStaff(db.client, db.tableName, '  First.Admin@OSE.example ');
    expect(result).toEqual({ email: 'first.admin@ose.example', role: 'admin', outcome: 'added' });
    const member = await createStaffStore(db.client, db.tableName).get('first.admin@ose.example');
    expect(member).toMatchObject({ email: 'first.admin@ose.example', role: 'admin', addedBy: 'scripts/add-admin' });
  });

  it('is safe to run twice, and changes the role of an existing account', async () => {
    expect((await addStaff(db.client, db.tableName, 'first.admin@ose.example')).outcome).toBe('unchanged');
    await addStaff(db.client, db.tableName, 'liaison@donors.example', 'liaison');
    const result = await addStaff(db.client, db.tableName, 'liaison@donors.example', 'admin');
    expect(result.outcome).toBe('role-changed');
    expect((await createStaffStore(db.client, db.tableName).get('liaison@donors.example'))?.role).toBe('admin');
  });

  it('refuses what is not an address or a role', async () => {
    await expect(addStaff(db.client, db.tableName, 'not-an-address')).rejects.toThrow(/Not an email/);
    expect(() => parseAddAdminArgs(['--table', 't', '--email', 'a@b.example', '--role', 'root'])).toThrow(/--role/);
    expect(() => parseAddAdminArgs(['--email', 'a@b.example'], {})).toThrow(/--table/);
    expect(parseAddAdminArgs(['--email', 'a@b.example'], { MASHURA_TABLE: 'prod-mashura-Storage-Table' })).toEqual({
      table: 'prod-mashura-Storage-Table',
      email: 'a@b.example',
      role: 'admin',
      region: 'eu-central-1',
      endpoint: undefined,
    });
  });

  it('runs as documented (npx tsx scripts/add-admin.ts ...)', async () => {
    const { stdout } = await promisify(execFile)(
      path.join(ROOT, 'node_modules/.bin/tsx'),
      ['scripts/add-admin.ts', '--table', db.tableName, '--email', 'cli@ose.example', '--endpoint', db.endpoint],
      { cwd: ROOT, env: { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' } },
    );
    expect(stdout.trim()).toBe(`cli@ose.example: admin (added) in ${db.tableName}`);
  }, 60_000);
});
