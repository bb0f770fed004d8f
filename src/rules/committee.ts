import { RuleInputError } from './errors';

/**
 * R13: a county has a standing committee (常委会), which decides most appointments and nominates
 * for the principal posts, and a full committee (全委会), which decides those (000 五, 002 五 一 5).
 */
export type CommitteeKind = 'standing' | 'full';

export const COMMITTEE_KINDS: readonly CommitteeKind[] = ['standing', 'full'];

export function requireCommitteeKind(value: unknown, field = 'kind'): CommitteeKind {
  if (!COMMITTEE_KINDS.includes(value as CommitteeKind)) {
    throw new RuleInputError(field, `must be one of ${COMMITTEE_KINDS.join(', ')}, got ${String(value)}`);
  }
  return value as CommitteeKind;
}

/**
 * Who is on a roster: members (常委 / 委员) vote; observers (列席) and, in a full committee only,
 * alternate members (候补委员) attend and speak but do not vote on personnel matters (R4, R13).
 */
export type RosterKind = 'member' | 'observer' | 'alternate';

export const ROSTER_KINDS: readonly RosterKind[] = ['member', 'observer', 'alternate'];

/** R13: alternate members belong to the full committee; a standing committee has none. */
export function rosterKindAllowed(committee: CommitteeKind, kind: RosterKind): boolean {
  requireCommitteeKind(committee, 'committee');
  if (!ROSTER_KINDS.includes(kind)) throw new RuleInputError('kind', `must be one of ${ROSTER_KINDS.join(', ')}, got ${String(kind)}`);
  return kind !== 'alternate' || committee === 'full';
}

/**
 * R4, R13: members cast A ballots, which decide; observers and alternates cast B ballots,
 * counted and reported apart, which never change a decision.
 */
export function ballotClassOf(kind: RosterKind): 'A' | 'B' {
  if (!ROSTER_KINDS.includes(kind)) throw new RuleInputError('kind', `must be one of ${ROSTER_KINDS.join(', ')}, got ${String(kind)}`);
  return kind === 'member' ? 'A' : 'B';
}
