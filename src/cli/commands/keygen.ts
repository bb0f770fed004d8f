/**
 * `sealvote keygen --name <name> [--out <file>]` — a department's cosigner key (C2SP
 * tlog-cosignature, Ed25519 type 0x04). Writes the private key to a new file readable only by
 * its owner (mode 0600; an existing file is never overwritten) and prints the verifier key,
 * which the admin registers in the service (PUT /api/departments/:department/key).
 */
import { writeFileSync } from 'node:fs';
import type { CliIo as DispatcherIo } from '../io';
import { parseArgs } from 'node:util';
import { generateCosignerKey } from '../../../crypto/cosignature';
import { isValidKeyName } from '../../../crypto/signed-note';
import { EXIT_OK, EXIT_UNUSABLE, processIO, fromCliIo, type CliIO } from './verify';

export const KEYGEN_USAGE =
  'usage: sealvote keygen --name <key name, e.g. sealvote-organization-example-county> [--out <file>]\n';

export async function keygenCommand(argv: string[], io: CliIO = processIO): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { name: { type: 'string' }, out: { type: 'string' } } }));
  } catch (e) {
    io.stderr(`${(e as Error).message}\n${KEYGEN_USAGE}`);
    return EXIT_UNUSABLE;
  }
  const name = values.name;
  // signed-note key names: no spaces, '+' or control characters.
  if (!name || !isValidKeyName(name)) {
    io.stderr(`sealvote keygen: --name must be a key name without spaces or "+"\n${KEYGEN_USAGE}`);
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
  io.stdout(`${verifierKey}\n`);
  return EXIT_OK;
}

/** `sealvote keygen`, as src/cli/main.ts registers it. */
export const keygenEntry = {
  summary: "make a department's cosigner key (file 0600) and print its verifier key",
  run: (args: string[], io: DispatcherIo) => keygenCommand(args, fromCliIo(io)),
};
