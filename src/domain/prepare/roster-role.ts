import { AppError } from '../../errors';
import { isUniqueFailure } from './guard';

/** R11: the secretary states a view last in a discussion of members; an observer cannot hold the role. */
export function requireSecretaryMember(kind: 'member' | 'observer' | 'alternate', role: string | null): void {
  if (role === 'secretary' && kind !== 'member') {
    throw new AppError('validation_failed', 'role: the secretary is a member of the committee', { errors: [{ path: ['role'], message: 'only a member can be the secretary' }] });
  }
}

/** The partial unique index persons_secretary refused a second secretary. */
export function isSecretaryTaken(err: unknown): boolean {
  return isUniqueFailure(err, 'persons.committee_id');
}

export function secretaryTaken(): AppError {
  return new AppError('already_exists', 'The committee already has a secretary; change that entry first (R11)', { field: 'role' });
}
