/**
 * `sealvote keygen --name <name> [--out <file>] [--department D --trust FILE]` — a department's
 * cosigner key (C2SP tlog-cosignature, Ed25519 type 0x04). Writes the private key to a new file
 * readable only by its owner (mode 0600; an existing file is never overwritten) and prints the
 * verifier key, which the admin registers in the service (PUT /api/departments/:department/key).
 * With --department and --trust it also pins that verifier key for the department in the trust
 * file (created if missing), which `sealvote verify --trust` and `cosign --trust` read.
 */
import { writeFileSync } from 'node:fs';
import type { CliIo as DispatcherIo } from '../io';
import { parseArgs } from 'node:util';
import { generateCosignerKey } from '../../../crypto/cosignature';
import { keyFingerprint } from '../../../crypto/signed-note';
import { DEPARTMENTS, TrustFileError, type Department } from '../../verifier';
import { EXIT_OK, EXIT_UNUSABLE, processIO, fromCliIo, type CliIO } from './verify';
import { updateTrustFile } from './trust';

export const KEYGEN_USAGE =
  'usage: sealvote keygen --name <key name, e.g. sealvote-organization-example-county> [--out <file>] [--department organization|discipline --trust <trust file>]\n' +
  '  the name is printable ASCII without spaces or "+" (C2SP signed-note key name)\n' +
  '  --department D --trust FILE   also pin the new verifier key for department D in FILE (created if missing)\n' +
  '  exit 0 written, 2 unusable name or option, or the key file exists\n';

/** A key name: printable ASCII (0x21–0x7E) without "+" — what every signed-note tool accepts. */
export function isAsciiKeyName(name: string): boolean {
  return /^[\x21-\x2a\x2c-\x7e]+$/.test(name);
}

export async function keygenCommand(argv: string[], io: CliIO = processIO): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { name: { type: 'string' }, out: { type: 'string' }, department: { type: 'string' }, trust: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (e) {
    io.stderr(`${(e as Error).message}\n${KEYGEN_USAGE}`);
    return EXIT_UNUSABLE;
  }
  if (values.help) {
    io.stdout(KEYGEN_USAGE);
    return EXIT_OK;
  }
  const name = values.name;
  if (!name || !isAsciiKeyName(name)) {
    io.stderr(`sealvote keygen: --name must be printable ASCII without spaces or "+"\n${KEYGEN_USAGE}`);
    return EXIT_UNUSABLE;
  }
  if ((values.department === undefined) !== (values.trust === undefined)) {
    io.stderr(`sealvote keygen: --department and --trust go together\n${KEYGEN_USAGE}`);
    return EXIT_UNUSABLE;
  }
  if (values.department !== undefined && !DEPARTMENTS.includes(values.department as Department)) {
    io.stderr(`sealvote keygen: --department must be ${DEPARTMENTS.join(' or ')}\n`);
    return EXIT_UNUSABLE;
  }
  const out = values.out ?? `${name}.key`;
  const { signerKey, verifierKey } = generateCosignerKey(name);
  try {
    // 'wx': fail if the file exists, so an existing key is never lost; 0600: the owner only.
    writeFileSync(out, `${signerKey}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    io.stderr(`sealvote keygen: cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return EXIT_UNUSABLE;
  }
  io.stderr(`private key written to ${out} (mode 0600); keep it on this machine\n`);
  io.stderr(`fingerprint ${keyFingerprint(verifierKey)}\n`);
  if (values.trust !== undefined) {
    try {
      updateTrustFile(values.trust, { departments: { [values.department as Department]: verifierKey } });
    } catch (e) {
      if (!(e instanceof TrustFileError)) throw e;
      io.stderr(`sealvote keygen: the key was made, but ${values.trust} could not be updated: ${e.message}\n`);
      io.stdout(`${verifierKey}\n`);
      return EXIT_UNUSABLE;
    }
    io.stderr(`pinned as the ${values.department} key in ${values.trust}\n`);
  }
  io.stdout(`${verifierKey}\n`);
  return EXIT_OK;
}

/** `sealvote keygen`, as src/cli/main.ts registers it. */
export const keygenEntry = {
  summary: "make a department's cosigner key (file 0600), print its verifier key, optionally pin it in a trust file",
  run: (args: string[], io: DispatcherIo) => keygenCommand(args, fromCliIo(io)),
};
