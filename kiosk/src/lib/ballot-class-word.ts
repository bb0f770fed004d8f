import type { MessageKey } from '../i18n';

/**
 * How the pages name a person's ballot class (R4, R13): a standing committee's members are 常委
 * (A) and its observers 列席 (B); a full committee's members are 委员 (A), its alternate members
 * 候补委员 and its observers 列席 (both B).
 */
export function ballotClassWord(person: { class: 'A' | 'B'; kind?: string }, committeeKind: string): MessageKey {
  if (person.class === 'A') return committeeKind === 'full' ? 'class.A.full' : 'class.A';
  return person.kind === 'alternate' ? 'role.alternate' : 'class.B';
}
