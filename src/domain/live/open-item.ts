import { and, eq } from 'drizzle-orm';
import { items, votes, type VotePurpose } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import { hubFor } from '../../events/hub';
import { coissuedKeyEntry, keyEntry, openEntry } from '../../record/entries';
import { signCheckpoint } from '../../record/checkpoint';
import { commitMeetingChange, type MeetingChange } from '../../record/log';
import { quorumMet } from '../../rules';
import { issuerKey, publicKeyHex } from './keys';
import { effectivePresence } from '../coissue/presence';
import { meetingIssuance } from '../coissue/issuance';
import { storedStatement } from '../coissue/vote-keys';
import { activeVote, loadItem, loadMeeting, type ItemRow } from './load';

export interface OpenedVote {
  item: string;
  round: number;
  purpose: VotePurpose;
  due: number;
  present: { A: number; B: number };
}

/**
 * Opens an item's vote (presiding officer). R1 is checked now, against who is signed in now.
 * The item's A and B issuer keys and the `open` entry (who is present) are logged in the same
 * write that opens the vote, so no token can exist before its key is in the log; a checkpoint
 * is signed right after it.
 */
export async function openItem(deps: AppDeps, itemId: string): Promise<OpenedVote> {
  const first = await loadItem(deps.db, itemId);
  const { value, size } = await commitMeetingChange(deps.db, first.meetingId, async () => {
    const item = await loadItem(deps.db, itemId);
    await requireOpenMeeting(deps, item.meetingId);
    if (item.status !== 'pending') throw new AppError('conflict', `The item is ${item.status}`);
    // docs/full-committee.md §5: a consultation's items open together with it.
    if ((await loadMeeting(deps.db, item.meetingId)).kind === 'consultation') throw new AppError('conflict', "A consultation's items open with the consultation");
    return openVote(deps, item, 'vote', requireQuorum);
  });
  // The opening write is sealed at once: a tablet checks its issuer key's inclusion against it.
  await signCheckpoint(deps, value.meetingId, size);
  hubFor(deps).publish(value.meetingId, { type: 'item-opened', data: value.opened as unknown as Record<string, unknown> });
  return value.opened;
}

/** R1: two-thirds of those due present, checked again at every opening, motions included. */
export function requireQuorum(due: number, presentMembers: number): void {
  if (!quorumMet(due, presentMembers)) {
    const needed = Math.ceil((2 * due) / 3);
    // The numbers as extension members too, so a page can say them in its own language.
    throw new AppError('quorum_not_met', `${presentMembers} of ${due} due are present; ${needed} needed`, { present: presentMembers, due, needed });
  }
}

export async function requireOpenMeeting(deps: AppDeps, meetingId: string): Promise<void> {
  const meeting = await loadMeeting(deps.db, meetingId);
  if (meeting.status !== 'open') throw new AppError('conflict', `The meeting is ${meeting.status}, not open`);
}

/**
 * The shared part of opening an item's vote or a reconsideration motion: one vote at a time
 * per meeting, keys then `open` in the log, the present lists fixed in `votes`. A motion is
 * among members only (R10), so it has a class A key only.
 */
export async function openVote(
  deps: AppDeps,
  item: ItemRow,
  purpose: VotePurpose,
  check: (due: number, presentMembers: number) => void,
  /** A consultation's: everyone asked (load.ts `asked`); its items open together, so no one-at-a-time rule. */
  consulted?: { due: number; presentMembers: string[]; presentObservers: string[] },
): Promise<MeetingChange<{ meetingId: string; opened: OpenedVote }>> {
  const db = deps.db;
  if (!consulted) {
    const active = await activeVote(db, item.meetingId);
    if (active) throw new AppError('vote_in_progress', `Item ${active.itemId} is still open`);
  }
  // Co-issued: present = signed in AND confirmed by the commission's officer (docs/coissuance.md §4.1).
  const p = consulted ?? (await effectivePresence(db, item.meetingId));
  check(p.due, p.presentMembers.length);
  const observers = purpose === 'motion' ? [] : p.presentObservers;
  const ref = { item: item.id, round: item.round, purpose };
  const classes = purpose === 'motion' ? (['A'] as const) : (['A', 'B'] as const);
  const coissued = (await meetingIssuance(db, item.meetingId)).mode === 'coissued';
  const keyEntries = [];
  for (const klass of classes) {
    if (coissued) {
      // The combined key, both shares and proofs, and the co-issuer's signature: logged before any token.
      const stated = await storedStatement(db, { itemId: item.id, round: item.round, purpose, klass });
      if (!stated) throw new AppError('coissuer_key_missing', `The co-issuer has not yet accepted the class ${klass} key of this vote; is it running?`);
      keyEntries.push(coissuedKeyEntry(ref, stated.statement, stated.sig));
    } else {
      const { publicKey, keyId } = publicKeyHex(issuerKey(deps.config, { meetingId: item.meetingId, itemId: item.id, round: item.round, purpose, klass }));
      keyEntries.push(keyEntry(ref, klass, publicKey, keyId));
    }
  }
  const queries = [
    db.insert(votes).values({
      itemId: item.id,
      round: item.round,
      purpose,
      meetingId: item.meetingId,
      status: 'open',
      presentMembers: JSON.stringify(p.presentMembers),
      presentObservers: JSON.stringify(observers),
    }),
  ];
  if (purpose === 'vote') {
    queries.push(db.update(items).set({ status: 'open' }).where(and(eq(items.id, item.id), eq(items.status, 'pending'))) as never);
  }
  return {
    entries: [...keyEntries, openEntry(ref, p.due, p.presentMembers, observers)],
    queries,
    value: {
      meetingId: item.meetingId,
      opened: { ...ref, due: p.due, present: { A: p.presentMembers.length, B: observers.length } },
    },
  };
}
