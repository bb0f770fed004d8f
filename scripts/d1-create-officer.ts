// The first officer of a D1 deployment, which has no shell for `sealvote admin create`:
//   SEALVOTE_NEW_PASSWORD='…' npx tsx scripts/d1-create-officer.ts <username> <role> "<display name>" > officer.sql
//   npx wrangler d1 execute DB --remote --file officer.sql && rm officer.sql
// The password is hashed here with the service's own scrypt cost; only the hash reaches the file.
import { normalizeUsername, PASSWORD_MAX, PASSWORD_MIN, USERNAME_PATTERN } from '../src/auth/create-officer';
import { hashPassword } from '../src/auth/password';
import { OFFICER_ROLES, type OfficerRole } from '../src/db/schema';
import { newId } from '../src/ids';

export interface OfficerSqlInput {
  username: string;
  role: OfficerRole;
  displayName: string;
  password: string;
}

/** SQL text literal: the only escape SQLite needs inside '…' is a doubled quote. */
const text = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** One INSERT of the officers table, refused by its UNIQUE username if the name is taken. */
export async function officerInsertSql(input: OfficerSqlInput, now: Date, kdf?: { logN: number }): Promise<string> {
  const username = normalizeUsername(input.username);
  if (!USERNAME_PATTERN.test(username)) throw new Error('username: 2–40 of a-z 0-9 . _ -, starting with a letter or digit');
  if (!OFFICER_ROLES.includes(input.role)) throw new Error(`role: one of ${OFFICER_ROLES.join(', ')}`);
  if (input.password.length < PASSWORD_MIN || input.password.length > PASSWORD_MAX) throw new Error(`password: ${PASSWORD_MIN}–${PASSWORD_MAX} characters`);
  const hash = await hashPassword(input.password, kdf);
  const values = [newId('ofc'), username, input.displayName.normalize('NFC'), input.role, hash].map(text).join(', ');
  return `INSERT INTO officers (id, username, display_name, role, password_hash, created_at) VALUES (${values}, ${now.getTime()});\n`;
}

async function main(argv: string[]): Promise<void> {
  const [username, role, displayName] = argv;
  const password = process.env.SEALVOTE_NEW_PASSWORD;
  if (!username || !role || !password) {
    console.error('usage: SEALVOTE_NEW_PASSWORD=… npx tsx scripts/d1-create-officer.ts <username> <role> [display name] > officer.sql');
    process.exit(2);
  }
  process.stdout.write(await officerInsertSql({ username, role: role as OfficerRole, displayName: displayName ?? username, password }, new Date()));
}

if (process.argv[1]?.endsWith('d1-create-officer.ts')) await main(process.argv.slice(2));
