/**
 * `sealvote trust <trust file> [--service-key K] [--organization-key K] [--discipline-key K] [--coissuer-key K]`
 * — makes or updates the trust file (sealvote-trust/v1) that `verify --trust`, `cosign --trust`
 * and the inspector's page read: the keys an inspector obtained outside the record (from the
 * service admin and the two departments, compared by fingerprint). Without key options it only
 * prints the file's keys and fingerprints.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { coissuerFingerprint } from '../../../crypto/coissuer-statements';
import { keyFingerprint } from '../../../crypto/signed-note';
import type { CliIo as DispatcherIo } from '../io';
import { DEPARTMENTS, TrustFileError, formatTrustFile, parseTrustText, type TrustedKeys } from '../../verifier';
import { EXIT_OK, EXIT_UNUSABLE, TRUST_OPTIONS, fromCliIo, pinnedKeys, processIO, type CliIO } from './verify';

export const TRUST_USAGE =
  'usage: sealvote trust <trust file> [--service-key KEY] [--organization-key KEY] [--discipline-key KEY] [--coissuer-key KEY]\n' +
  '  writes the given keys into the file (created if missing) and prints every key with its fingerprint\n' +
  '  exit 0 done, 2 unusable file or key\n';

/** Reads `path` (empty if missing), sets the given keys, writes it back atomically; returns the result. */
export function updateTrustFile(path: string, set: TrustedKeys): TrustedKeys {
  let current: TrustedKeys = {};
  if (existsSync(path)) current = parseTrustText(readFileSync(path, 'utf8'));
  const next: TrustedKeys = { ...current, departments: { ...current.departments, ...set.departments } };
  if (set.serviceKey) next.serviceKey = set.serviceKey;
  if (set.coissuerKey) next.coissuerKey = set.coissuerKey;
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, formatTrustFile(next), { mode: 0o644 });
    renameSync(tmp, path);
  } catch (e) {
    throw new TrustFileError(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return next;
}

function describe(trusted: TrustedKeys): string {
  const row = (label: string, key: string | undefined, fingerprint = keyFingerprint) => `${label.padEnd(13)} ${key ? `${fingerprint(key)}  ${key}` : '(not pinned)'}`;
  // The co-issuer's fingerprint is the one read aloud in the room (docs/coissuance.md §2.1).
  return [row('service', trusted.serviceKey), ...DEPARTMENTS.map((d) => row(d, trusted.departments?.[d])), row('coissuer', trusted.coissuerKey, coissuerFingerprint)].join('\n') + '\n';
}

export async function trustCommand(argv: string[], io: CliIO = processIO): Promise<number> {
  let values, positionals;
  try {
    ({ values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { ...TRUST_OPTIONS, help: { type: 'boolean', short: 'h' } } }));
  } catch (e) {
    io.stderr(`${(e as Error).message}\n${TRUST_USAGE}`);
    return EXIT_UNUSABLE;
  }
  if (values.help) {
    io.stdout(TRUST_USAGE);
    return EXIT_OK;
  }
  if (positionals.length !== 1 || values.trust !== undefined) {
    io.stderr(TRUST_USAGE);
    return EXIT_UNUSABLE;
  }
  const path = positionals[0]!;
  try {
    const set = pinnedKeys(values);
    const result = set.serviceKey || set.departments || set.coissuerKey ? updateTrustFile(path, set) : parseTrustText(readFileSync(path, 'utf8'));
    io.stdout(describe(result));
  } catch (e) {
    if (e instanceof TrustFileError || (e as NodeJS.ErrnoException).code) {
      io.stderr(`sealvote trust: ${(e as Error).message}\n`);
      return EXIT_UNUSABLE;
    }
    throw e;
  }
  return EXIT_OK;
}

/** `sealvote trust`, as src/cli/main.ts registers it. */
export const trustEntry = {
  summary: 'make or show the trust file: the service and department keys you obtained elsewhere, with fingerprints',
  run: (args: string[], io: DispatcherIo) => trustCommand(args, fromCliIo(io)),
};
