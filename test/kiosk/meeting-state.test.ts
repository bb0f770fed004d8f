import { describe, expect, it } from 'vitest';
import { openVote, readAgenda, readMeetingState, voteSubject } from '../../kiosk/src/lib/meeting-state';

// The shape of GET /api/meetings/:id/state (src/domain/live/meeting-state.ts).
const state = {
  meeting: { id: 'm1', title: '县委常委会', date: '2026-03-02', status: 'open' },
  presence: { due: 11, presentMembers: 9, observers: 3, presentObservers: 2 },
  items: [
    { id: 'i1', position: 1, title: '任免甲', status: 'announced', round: 1 },
    { id: 'i2', position: 2, title: '任免乙', status: 'open', round: 1 },
  ],
  current: { item: 'i2', purpose: 'vote', round: 1, status: 'open', cast: 3, issued: 8, present: 11 },
  checkpoint: { size: 12, rootHash: 'ab'.repeat(32) },
};
// The agenda's items (GET /api/meetings/:id, src/domain/prepare/meetings.ts ItemView).
const detail = {
  items: [
    {
      id: 'i2',
      title: '任免乙',
      post: { id: 'p', unit: '县财政局', title: '局长' },
      seats: 1,
      openSelection: false,
      passRule: 'majority',
      status: 'pending',
      round: 1,
      nominees: [{ id: 'n1', name: '李四', birthDate: '1980-05', currentPost: '县财政局副局长', resume: '1998年参加工作' }],
    },
  ],
};

describe('readMeetingState', () => {
  it('keeps the live state\'s discussion entry (R11), even for an item whose details are from the agenda', () => {
    const live = { ...state, items: [state.items[0], { ...state.items[1], status: 'pending', discussion: { entry: 7 } }] };
    const view = readMeetingState(live, readAgenda(detail));
    expect(view.items.map((i) => i.discussedAt)).toEqual([null, 7]);
  });

  it('reads the live state and fills nominees from the agenda, keeping live status', () => {
    const view = readMeetingState(state, readAgenda(detail));
    expect(view.meeting.status).toBe('open');
    expect(view.presence).toEqual({ due: 11, present: 9, observers: 3, presentObservers: 2 });
    expect(view.checkpoint?.size).toBe(12);
    const i2 = view.items[1]!;
    expect(i2.status).toBe('open');
    expect(i2.nominees[0]).toMatchObject({ name: '李四', currentPost: '县财政局副局长', resume: '1998年参加工作' });
    expect(i2.post).toEqual({ unit: '县财政局', title: '局长' });
    expect(openVote(view)).toMatchObject({ vote: { item: 'i2', cast: 3 }, item: { id: 'i2' } });
  });

  it("reads whose meeting it is: a full committee's only when the state says so (R13's words)", () => {
    expect(readMeetingState({ ...state, committee: { kind: 'full' } }).committeeKind).toBe('full');
    expect(readMeetingState({ ...state, committee: { kind: 'standing' } }).committeeKind).toBe('standing');
    expect(readMeetingState({ ...state, committee: 'full' }).committeeKind).toBe('standing');
    expect(readMeetingState(state).committeeKind).toBe('standing');
  });

  it('sees an open motion as votable and a closing vote as not', () => {
    const motion = readMeetingState({ ...state, current: { ...state.current, purpose: 'motion', status: 'motion-open' } });
    expect(openVote(motion)?.vote.purpose).toBe('motion');
    expect(voteSubject('i2', 'motion')).toBe('i2#motion');
    expect(openVote(readMeetingState({ ...state, current: { ...state.current, status: 'closing' } }))).toBeNull();
    expect(openVote(readMeetingState({ ...state, current: null }))).toBeNull();
  });

  it('never throws on a malformed answer', () => {
    for (const junk of [null, 42, 'x', [], { items: 'no' }, { meeting: null, items: [null, 1] }]) {
      const view = readMeetingState(junk);
      expect(view.meeting.status).toBe('draft');
      expect(openVote(view)).toBeNull();
    }
  });
});
