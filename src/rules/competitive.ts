import { requireCount, requireSeats } from './counts';
import { RuleInputError } from './errors';

/** R5: at most 30 distinct nominees in one meeting ("一次研究干部人数不能超过30人"). */
export const MAX_NOMINEES_PER_MEETING = 30;

/**
 * R8's minimum-ratio policies, a committee setting. `default` (001): n ≥ 2k for an ordinary
 * vacancy, n ≥ 3k for an open selection (公开选拔). The service, the clerk's forms and the
 * verifier all ask competitiveRatioOk with the policy, so a new policy is added here once.
 */
export const RATIO_POLICIES = ['default'] as const;
export type RatioPolicy = (typeof RATIO_POLICIES)[number];

/**
 * R8: a competitive item offers at least 2 nominees per post (1:2), or 3 per post for an open
 * selection (公开选拔, 1:3), under the default policy. One nominee for one post is a plain item
 * and needs no ratio.
 */
export function competitiveRatioOk(nominees: number, seats: number, openSelection: boolean, policy: RatioPolicy = 'default'): boolean {
  const n = requireCount(nominees, 'nominees');
  const k = requireSeats(seats);
  if (typeof openSelection !== 'boolean') throw new RuleInputError('openSelection', 'must be a boolean');
  if (!RATIO_POLICIES.includes(policy)) throw new RuleInputError('policy', `unknown ratio policy ${String(policy)}`);
  if (n === 1 && k === 1) return true;
  return n >= (openSelection ? 3 : 2) * k;
}

/**
 * R5: whether a meeting's nominees fit the limit. The same person on two items counts once,
 * since the limit is on people studied, not on places on the agenda.
 */
export function meetingNomineesOk(nomineeIds: Iterable<string>): boolean {
  const distinct = new Set<string>();
  for (const id of nomineeIds) {
    if (typeof id !== 'string' || id === '') throw new RuleInputError('nomineeIds', 'ids must be non-empty strings');
    distinct.add(id);
  }
  return distinct.size <= MAX_NOMINEES_PER_MEETING;
}
