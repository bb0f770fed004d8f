import { SIG_TYPE_COSIGNATURE_V1, parseVerifierKey } from '../../../crypto/signed-note';
import type { AppDeps } from '../../deps';
import { departmentKeys, type FilingDepartment } from '../../db/schema';
import { AppError } from '../../errors';

/**
 * The admin registers a department's cosigner verifier key (printed by `sealvote keygen` on the
 * department's own machine). Registering again replaces it; cosignatures already filed keep
 * the key they were checked under.
 */
export async function registerDepartmentKey(
  deps: Pick<AppDeps, 'db' | 'now'>,
  input: { department: FilingDepartment; verifierKey: string; officerId: string },
): Promise<{ department: FilingDepartment; verifierKey: string }> {
  let type: number;
  try {
    type = parseVerifierKey(input.verifierKey).type;
  } catch (e) {
    throw new AppError('bad_request', `Not a signed-note verifier key: ${(e as Error).message}`);
  }
  if (type !== SIG_TYPE_COSIGNATURE_V1) throw new AppError('bad_request', 'A department key must be a cosignature/v1 (type 0x04) key, as sealvote keygen makes');
  const row = { department: input.department, verifierKey: input.verifierKey, registeredBy: input.officerId, registeredAt: deps.now().getTime() };
  await deps.db
    .insert(departmentKeys)
    .values(row)
    .onConflictDoUpdate({ target: departmentKeys.department, set: { verifierKey: row.verifierKey, registeredBy: row.registeredBy, registeredAt: row.registeredAt } });
  return { department: input.department, verifierKey: input.verifierKey };
}
