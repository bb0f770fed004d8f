import { requireCount, requireSeats } from './counts';
import { RuleInputError } from './errors';
import { requireRatioPolicy, type RatioPolicy } from './policies';

/** R5: at most 30 distinct nominees in one meeting ("一次研究干部人数不能超过30人"). */
export const MAX_NOMINEES_PER_MEETING = 30;

/**
 * R8: the nominees a competitive item needs for k posts, under the committee's ratio policy:
 * 'proportional' (001 第十三条, the default) at least 2k, or 3k for an open selection
 * (公开选拔); 'one-or-two-more' (003 "差额一人或两人") exactly k + 1 or k + 2, open selection or
 * not. One nominee for one post is a plain item and needs no ratio.
 */
export function competitiveRatioOk(nominees: number, seats: number, openSelection: boolean, policy: RatioPolicy = 'proportional'): boolean {
  const n = requireCount(nominees, 'nominees');
  const k = requireSeats(seats);
  if (typeof openSelection !== 'boolean') throw new RuleInputError('openSelection', 'must be a boolean');
  const ratio = requireRatioPolicy(policy, 'policy');
  if (n === 1 && k === 1) return true;
  if (ratio === 'one-or-two-more') return n === k + 1 || n === k + 2;
  return n >= (openSelection ? 3 : 2) * k;
}

/** R8: the nominees the policy asks for k posts, as [fewest, most] (most null: no upper limit). */
export function competitiveRange(seats: number, openSelection: boolean, policy: RatioPolicy = 'proportional'): [number, number | null] {
  const k = requireSeats(seats);
  if (requireRatioPolicy(policy, 'policy') === 'one-or-two-more') return [k + 1, k + 2];
  return [(openSelection ? 3 : 2) * k, null];
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
