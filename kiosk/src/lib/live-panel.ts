/**
 * The presiding officer's live panel, decided from the state alone: which actions each item
 * offers, the quorum indicator (R1, from the rules engine), and progress as "n of m" only (R11).
 */
import { quorumMet } from '../../../src/rules';
import type { CurrentVote, ItemStatus } from './meeting-state';

export type LiveAction = 'open' | 'close' | 'announce' | 'postpone' | 'reconsider';

export interface QuorumView {
  due: number;
  present: number;
  met: boolean;
  /** The smallest number present that meets R1 (3 × present ≥ 2 × due). */
  needed: number;
}

export function quorumView(due: number, present: number): QuorumView {
  let needed = 0;
  while (needed < due && !quorumMet(due, needed)) needed += 1;
  return { due, present, met: quorumMet(due, present), needed };
}

/**
 * What the presiding officer may do with an item now. At most one vote runs at a time, so
 * nothing opens while another item is being voted.
 */
export function itemActions(
  item: { id: string; status: ItemStatus },
  meetingStatus: string,
  current: CurrentVote | null,
): LiveAction[] {
  if (meetingStatus !== 'open') return [];
  const running = current && !/closed$/.test(current.status) ? current : null;
  if (running) {
    if (running.item !== item.id) return [];
    return running.status === 'open' || running.status === 'motion-open' ? ['close'] : [];
  }
  switch (item.status) {
    case 'pending':
      return ['open', 'postpone'];
    case 'closed':
      return ['announce'];
    case 'announced':
      return ['reconsider'];
    default:
      return [];
  }
}

/**
 * A written consultation's items (docs/full-committee.md §5): all open together with the
 * meeting, so none is opened or postponed here; each is closed (the server refuses an early
 * close while someone asked has not answered), then announced (R12); never reconsidered (R10).
 */
export function consultationActions(item: { status: ItemStatus }, meetingStatus: string): LiveAction[] {
  if (meetingStatus !== 'open') return [];
  if (item.status === 'open') return ['close'];
  if (item.status === 'closed') return ['announce'];
  return [];
}

/**
 * "n of m cast", and nothing else, while a vote is open (R11): A (members present) and B
 * (observers present) apart (R4), so 应到 7 is never compared with a count that holds observers.
 */
export function progressNumbers(current: CurrentVote | null, itemId: string): { a: { n: number; m: number }; b: { n: number; m: number } } | null {
  if (!current || current.item !== itemId) return null;
  const { A, B } = current.classes;
  return { a: { n: A.cast, m: A.present }, b: { n: B.cast, m: B.present } };
}

/** Members present who have not cast yet: what closing the vote takes from them. */
export function notYetCast(current: CurrentVote | null): { members: number; observers: number } {
  if (!current) return { members: 0, observers: 0 };
  const { A, B } = current.classes;
  return { members: Math.max(0, A.present - A.cast), observers: Math.max(0, B.present - B.cast) };
}
