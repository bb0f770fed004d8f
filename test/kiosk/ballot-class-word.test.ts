// The pages' words for a person's ballot class (R4, R13), the same on the console, the tablet and
// the co-issuer page; and the co-issuer terminal's words, which must agree with them.
import { describe, expect, it } from 'vitest';
import { translate } from '../../kiosk/src/i18n';
import { ballotClassWord } from '../../kiosk/src/lib/ballot-class-word';
import { classWords } from '../../src/cli/commands/coissue';

const people = [
  { class: 'A', kind: 'member' },
  { class: 'B', kind: 'observer' },
  { class: 'B', kind: 'alternate' },
] as const;

describe('ballot class words', () => {
  it("a standing committee's: 常委 (A), 列席 (B)", () => {
    expect(people.slice(0, 2).map((p) => translate('zh-CN', ballotClassWord(p, 'standing')))).toEqual(['常委(A票)', '列席(B票)']);
    expect(people.slice(0, 2).map((p) => classWords(p, 'standing'))).toEqual(['常委 member', '列席 observer']);
  });

  it("a full committee's: 委员 (A), 列席 and 候补委员 (B)", () => {
    expect(people.map((p) => translate('zh-CN', ballotClassWord(p, 'full')))).toEqual(['委员(A票)', '列席(B票)', '候补委员(B票)']);
    expect(people.map((p) => translate('en', ballotClassWord(p, 'full')))).toEqual(['Member (A ballot)', 'Observer (B ballot)', 'Alternate member (B ballot)']);
    expect(people.map((p) => classWords(p, 'full'))).toEqual(['委员 member', '列席 observer', '候补委员 alternate member']);
  });
});
