import { createOfficer, PASSWORD_MAX, PASSWORD_MIN } from '../auth/create-officer';
import { AppError } from '../errors';
import { databasePath, openServiceDatabase } from './database';
import { parseFlags, readAll, readHidden, UsageError, type CliIo } from './io';

export const ADMIN_CREATE_USAGE = `sealvote admin create --username NAME --name "DISPLAY NAME" [--password-stdin]

Creates an officer with the role admin in the service's database ($SEALVOTE_DB, default
./data/sealvote.sqlite). The password is asked twice on a terminal, or read from standard input
with --password-stdin (one line). It is never taken from the command line, where other users
and the shell history could read it.`;

/** `sealvote admin create`: the first admin of a fresh installation. */
export async function adminCreate(args: string[], io: CliIo): Promise<number> {
  const { values, set } = parseFlags(args, ['username', 'name'], ['password-stdin', 'help']);
  if (set.has('help')) {
    io.stdout.write(ADMIN_CREATE_USAGE + '\n');
    return 0;
  }
  if (!values.username || !values.name) throw new UsageError('--username and --name are required');

  let password: string;
  if (set.has('password-stdin')) {
    password = (await readAll(io.stdin)).replace(/\r?\n$/, '');
  } else if (io.stdin.isTTY) {
    password = await readHidden(io, `Password for ${values.username} (${PASSWORD_MIN}+ characters): `);
    const again = await readHidden(io, 'Repeat the password: ');
    if (again !== password) {
      io.stderr.write('sealvote: the passwords differ; nothing was created\n');
      return 1;
    }
  } else {
    throw new UsageError('no terminal to ask for the password: use --password-stdin');
  }
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) {
    io.stderr.write(`sealvote: the password needs ${PASSWORD_MIN} to ${PASSWORD_MAX} characters; nothing was created\n`);
    return 1;
  }

  const handle = openServiceDatabase(io.env);
  try {
    const officer = await createOfficer(handle.db, { username: values.username, displayName: values.name, role: 'admin', password }, { now: new Date() });
    io.stdout.write(`created admin ${officer.username} (${officer.id}) in ${databasePath(io.env)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      io.stderr.write(`sealvote: ${err.detail ?? err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    handle.close();
  }
}
