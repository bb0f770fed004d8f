/**
 * Creates the officer accounts a browser test logs in with, directly in a fresh database
 * (there is no API to create the first account). Everything else goes through the API.
 *   node --import tsx test/browser/seed-officers.ts <db path> <username:role>...
 */
import { createOfficer } from '../../src/auth/create-officer';
import type { OfficerRole } from '../../src/db/schema';
import { openSqlite } from '../../src/db/sqlite';
import { TEST_KDF, TEST_PASSWORD } from '../support/officers';

const [dbPath, ...specs] = process.argv.slice(2);
if (!dbPath || specs.length === 0) throw new Error('usage: seed-officers.ts <db> <username:role>...');
const handle = openSqlite(dbPath);
for (const spec of specs) {
  const [username, role] = spec.split(':') as [string, OfficerRole];
  await createOfficer(handle.db, { username, role, displayName: username, password: TEST_PASSWORD }, { now: new Date(), kdf: TEST_KDF });
}
handle.close();
