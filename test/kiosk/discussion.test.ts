/** The console's discussion notes (R11): the warning before the secretary speaks ahead of others. */
import { describe, expect, it } from 'vitest';
import { DiscussionDraft } from '../../kiosk/src/lib/discussion';

describe('DiscussionDraft', () => {
  it('warns when the secretary is marked speaking while others who asked have not', () => {
    const d = new DiscussionDraft('sec');
    d.toggleAsked('a', true);
    d.toggleAsked('b', true);
    d.toggleAsked('sec', true);
    d.speak('a');
    expect(d.waiting('sec')).toEqual(['b']);
    expect(d.waiting('b')).toEqual([]);
    d.speak('b');
    expect(d.waiting('sec')).toEqual([]);
    d.speak('sec');
    expect(d.spoken).toEqual(['a', 'b', 'sec']);
    expect(d.secretaryNotLast()).toBe(false);
  });

  it('knows when someone spoke after the secretary, and takes back the last speaker', () => {
    const d = new DiscussionDraft('sec');
    d.speak('sec');
    d.speak('a');
    expect(d.secretaryNotLast()).toBe(true);
    d.undo();
    expect(d.secretaryNotLast()).toBe(false);
    d.toggleAsked('a', true);
    d.toggleAsked('a', false);
    expect(d.waiting('sec')).toEqual([]);
  });

  it('never warns without a secretary on the roster', () => {
    const d = new DiscussionDraft(null);
    d.toggleAsked('a', true);
    expect(d.waiting('a')).toEqual([]);
    d.speak('a');
    expect(d.secretaryNotLast()).toBe(false);
  });
});
