import { requireAtMost, requireDue } from './counts';

/**
 * R1: voting may be opened only while two-thirds of those due are present ("三分之二以上",
 * which includes two-thirds itself). Observers never count, so callers pass members only.
 */
export function quorumMet(due: number, present: number): boolean {
  const d = requireDue(due);
  const p = requireAtMost(present, 'present', d, 'due');
  return 3 * p >= 2 * d;
}
