/** The shapes the console reads from the preparation API. */
import type { Citation } from '../../../src/record/entries';

export interface Committee {
  id: string;
  name: string;
  timeZone: string;
  barRule: string;
  /** The committee's policies (src/rules/policies.ts), fixed when it was set up. */
  policies: import('../../../src/rules').CommitteePolicies;
  kind: 'standing' | 'full';
  standingCommitteeId: string | null;
  issuance?: 'service' | 'coissued';
}
export interface Person { id: string; kind: 'member' | 'observer' | 'alternate'; name: string; unit: string; title: string; active: boolean; rank: number }
export interface Post { id: string; unit: string; title: string }
export interface Nominee { id: string; name: string; birthDate: string; currentPost: string; resume: string; /** On an item: its dossier (docs/full-committee.md §3), or null. */ dossier?: unknown }
export interface Meeting { id: string; committeeId: string; date: string; title: string; status: string; /** docs/full-committee.md §5 */ kind?: 'sitting' | 'consultation'; closesOn?: string | null }
export interface Attendee { personId: string; class: 'A' | 'B'; kind: 'member' | 'observer' | 'alternate'; role: 'secretary' | null; name: string; unit: string; title: string; rank: number; excusedReason: string | null; present: boolean; slip: 'none' | 'issued' | 'redeemed' }
export interface Item {
  id: string;
  title: string;
  post: Post;
  seats: number;
  openSelection: boolean;
  passRule: 'majority' | 'two-thirds';
  itemKind: 'appointment' | 'removal';
  position: number;
  postponedReason: string | null;
  status: string;
  round: number;
  nominees: Nominee[];
  /** R13: a standing committee's nomination to the full committee. */
  nominates: boolean;
  /** A full committee's item deciding a standing committee's nomination. */
  cites: Citation | null;
  /** R11: the current round's discussion as logged (`entry`: its index in the log), or null. */
  discussion?: { introducedBy: string; speakers: Array<{ person: string; name: string }>; entry: number } | null;
}
// The API's own shapes: one definition for the service and the console (type-only, erased in the build).
export type { Citation } from '../../../src/record/entries';
export type { Nomination } from '../../../src/domain/prepare/nominations';
export interface MeetingDetail { meeting: Meeting; attendees: Attendee[]; items: Item[] }
