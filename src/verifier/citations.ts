/**
 * The `citations` check (docs/full-committee.md §4, docs/record-spec.md): a full committee's
 * item that decides a standing committee's nomination cites that vote — committee, meeting,
 * item, round, tally hash, kind, nominee and post. Given the standing committee's record, the
 * citation holds when that record verifies on its own and ended, its final checkpoint root is
 * the tally hash, its agenda has the item marked `nominates` with that kind, post and nominee,
 * and the cited round's tally approved the nominee, was announced and was not reconsidered
 * (R10, R12). The citing item itself must be about the same person and post. A citation whose
 * record was not given is reported as not checked: the check is then skipped, never passed.
 */
import type { LogEntryObject } from '../../crypto/log-entry';
import { CheckFailure, type CheckBook } from './checks';
import type { MeetingModel } from './model';

interface CitationObj {
  committee: string;
  meeting: string;
  item: string;
  round: number;
  tallyHash: string;
  kind: string;
  nominee: { id: string; name: string; birthDate: string };
  post: { id: string; unit: string; title: string };
}

interface AgendaObj {
  id: string;
  kind?: string;
  seats: number;
  nominates: boolean;
  cites: CitationObj | null;
  post: { id: string; unit: string; title: string };
  nominees: Array<{ id: string; name: string; birthDate: string }>;
}

/** A standing committee's record as the verifier left it: its report, first entry and model. */
export interface CitedRecord {
  /** The meeting the record file names (its `meeting` member), even when its log is unreadable. */
  meeting: string | null;
  ok: boolean;
  ended: boolean;
  tallyHash: string | null;
  meetingEntry: LogEntryObject | null;
  model: MeetingModel | null;
}

function agendaOf(entry: LogEntryObject): AgendaObj[] {
  return entry.items as AgendaObj[];
}

/** An agenda item's kind; records sealed before removals lack it: an appointment (record-spec §6). */
function kindOf(item: AgendaObj): string {
  return item.kind ?? 'appointment';
}

function fail(detail: string): never {
  throw new CheckFailure('citations', detail, 0);
}

/** The citing item names the person and post it cites: same kind, one person, one seat. */
function checkOwnItem(item: AgendaObj): void {
  const c = item.cites!;
  const who = `item ${item.id}`;
  if (kindOf(item) !== c.kind) fail(`${who} is a ${kindOf(item)} but cites a ${c.kind}`);
  if (item.seats !== 1 || item.nominees.length !== 1) fail(`${who} cites one nomination but has ${item.nominees.length} nominees for ${item.seats} seats`);
  const [n] = item.nominees;
  if (n!.name !== c.nominee.name || n!.birthDate !== c.nominee.birthDate) fail(`${who}'s nominee is not the cited person ${c.nominee.name} (${c.nominee.birthDate})`);
  if (item.post.unit !== c.post.unit || item.post.title !== c.post.title) fail(`${who}'s post is not the cited post ${c.post.unit} ${c.post.title}`);
}

/** The cited record says what the citation says. */
function checkAgainst(item: AgendaObj, cited: CitedRecord): void {
  const c = item.cites!;
  const who = `item ${item.id}'s citation of meeting ${c.meeting}`;
  if (!cited.ok || !cited.meetingEntry || !cited.model) fail(`${who}: the cited record does not verify`);
  if (!cited.ended) fail(`${who}: the cited meeting has not ended`);
  if (cited.tallyHash !== c.tallyHash) fail(`${who}: its tally hash is ${cited.tallyHash}, the citation says ${c.tallyHash}`);
  const committee = (cited.meetingEntry.committee as { id: string }).id;
  if (committee !== c.committee) fail(`${who}: the cited meeting is of committee ${committee}, not ${c.committee}`);
  const standing = agendaOf(cited.meetingEntry).find((it) => it.id === c.item);
  if (!standing) fail(`${who}: item ${c.item} is not on its agenda`);
  if (!standing.nominates) fail(`${who}: item ${c.item} was not a nomination to the full committee`);
  if (kindOf(standing) !== c.kind) fail(`${who}: item ${c.item} is a ${kindOf(standing)}, not a ${c.kind}`);
  const p = standing.post;
  if (p.id !== c.post.id || p.unit !== c.post.unit || p.title !== c.post.title) fail(`${who}: item ${c.item} is about post ${p.unit} ${p.title}`);
  const n = standing.nominees.find((x) => x.id === c.nominee.id);
  if (!n || n.name !== c.nominee.name || n.birthDate !== c.nominee.birthDate) fail(`${who}: ${c.nominee.name} (${c.nominee.birthDate}) is not a nominee of item ${c.item}`);
  const m = cited.model;
  const vote = m.votes.find((v) => v.item === c.item && v.round === c.round && v.purpose === 'vote');
  if (!vote?.tally) fail(`${who}: round ${c.round} of item ${c.item} has no tally`);
  const counted = (vote.tally.fields.obj.A as { nominees: Array<{ id: string; approved: boolean }> }).nominees.find((x) => x.id === c.nominee.id);
  if (counted?.approved !== true) fail(`${who}: the tally of round ${c.round} did not approve ${c.nominee.name}`);
  if (vote.announced === undefined) fail(`${who}: the tally of round ${c.round} was not announced (R12)`);
  const motion = m.votes.find((v) => v.item === c.item && v.round === c.round && v.purpose === 'motion');
  if (motion?.reconsider?.fields.obj.passed === true) fail(`${who}: round ${c.round} was reconsidered (R10)`);
  const ended = (m.endItems ?? []).find((f) => f.str('id') === c.item);
  if (!ended || ended.int('round', 1) !== c.round) fail(`${who}: item ${c.item} did not end at round ${c.round}`);
}

export function checkCitations(meetingEntry: LogEntryObject, cited: CitedRecord[], book: CheckBook): void {
  const citing = agendaOf(meetingEntry).filter((it) => it.cites !== null);
  if (citing.length === 0) return book.pass('citations', 'no item cites a standing committee vote');
  const unchecked: string[] = [];
  try {
    for (const item of citing) checkOwnItem(item);
    for (const item of citing) {
      // A given record that claims the meeting but does not verify fails the citation below.
      const record = cited.find((r) => r.meeting === item.cites!.meeting);
      if (record) checkAgainst(item, record);
      else unchecked.push(`${item.id} (meeting ${item.cites!.meeting})`);
    }
  } catch (e) {
    if (!(e instanceof CheckFailure)) throw e;
    return book.fail(e.check, e.detail, e.entry);
  }
  // Never a pass: whoever verifies only this record has not checked what it cites.
  if (unchecked.length) return book.skip('citations', `not checked: the record of the cited meeting was not given (--cited FILE) for item ${unchecked.join(', ')}`);
  book.pass('citations', `${citing.length} citation(s) checked against the standing committee's record`);
}
