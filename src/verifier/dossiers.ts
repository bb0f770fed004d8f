/**
 * Part of the `agenda` check: every dossier in the meeting entry keeps the rules the service
 * keeps (docs/record-spec.md §6, docs/full-committee.md §3, 002 五 一 2) — a personal
 * recommendation carries the recommender's declaration, names the recommender and states the
 * relationship; an organization's has neither relationship nor declaration; every dossier gives
 * the reasons. The same src/rules function decides for both.
 */
import type { LogEntryObject } from '../../crypto/log-entry';
import { dossierFault, type Dossier } from '../rules';
import { CheckFailure, type CheckBook } from './checks';

export function checkDossiers(meetingEntry: LogEntryObject, book: CheckBook): void {
  const items = meetingEntry.items as Array<{ id: string; nominees: Array<{ id: string; dossier: Dossier | null }> }>;
  book.run('agenda', () => {
    let n = 0;
    for (const it of items) {
      for (const nominee of it.nominees) {
        if (nominee.dossier === null) continue;
        n++;
        const fault = dossierFault(nominee.dossier);
        if (fault) throw new CheckFailure('agenda', `item ${it.id}: the dossier of ${nominee.id} is refused (${fault}; 002 五 一 2)`, 0);
      }
    }
    return n ? `${n} dossiers keep the recommendation rules` : undefined;
  });
}
