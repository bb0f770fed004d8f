/**
 * The agenda check over dossiers (docs/record-spec.md §6, 002 五 一 2): a record signed end to
 * end by the service key whose agenda shows a personal recommendation without the recommender's
 * declaration, or without the relationship, fails `agenda`; a complete one passes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { LogEntryObject } from '../../crypto/log-entry';
import { verifyRecord, type MeetingRecord } from '../../src/verifier';
import { MeetingBuilder, newKeys, tamper, type Keys } from './fixtures';

type E = LogEntryObject & Record<string, any>;

const personal = { source: 'personal', recommender: 'Recommender R (deputy secretary)', relationship: 'former superior', declaration: true, recommendation: '45 votes', examination: 'fit', reasons: 'the post is vacant', vacancy: 'vacant since March' };

let keys: Keys;
let clean: MeetingRecord;

beforeAll(() => {
  keys = newKeys();
  const b = new MeetingBuilder(keys, { due: 5, observers: 0, items: [{ id: 'itm_a', nominees: ['nom_1'] }] });
  clean = b.open('itm_a').castAll(() => ({ nom_1: 'approve' })).close().announce('itm_a').end().record();
});

function withDossier(d: Record<string, unknown>): MeetingRecord {
  return tamper(clean, keys, (es) => {
    (es[0] as E).items[0].nominees[0].dossier = d;
  });
}

describe('dossiers in the agenda', () => {
  it('a complete personal recommendation and an organization’s pass', () => {
    expect(verifyRecord(withDossier(personal)).ok).toBe(true);
    expect(verifyRecord(withDossier({ ...personal, source: 'organization', relationship: null, declaration: null })).ok).toBe(true);
  });

  for (const [what, d] of [
    ['without the declaration', { ...personal, declaration: false }],
    ['with no declaration at all', { ...personal, declaration: null }],
    ['without the relationship', { ...personal, relationship: '  ' }],
    ['without reasons', { ...personal, reasons: '' }],
    ['an organization’s with a declaration', { ...personal, source: 'organization', relationship: null }],
  ] as const) {
    it(`a personal recommendation ${what} fails agenda`, () => {
      const report = verifyRecord(withDossier(d));
      expect(report.firstFailure?.id, report.firstFailure?.detail).toBe('agenda');
    });
  }

  it('a dossier with a member the spec does not list fails entry-format', () => {
    expect(verifyRecord(withDossier({ ...personal, phone: '123' })).firstFailure?.id).toBe('entry-format');
  });
});
