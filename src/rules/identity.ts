import { formatDate, parseDate } from './calendar';
import { RuleInputError } from './errors';

/**
 * R15: a person is one nominee of a committee, and one entry of its roster, however often
 * proposed. People are told apart by name and, for nominees, birth date (出生年月, on every
 * cadre's file); two records that agree on those are taken to be one person unless the clerk
 * confirms they are not (the confirmation is kept, src/db/schema/committees.ts).
 *
 * Names compare after NFKC (full-width letters and digits as their plain forms) with every
 * white space and every invisible character removed ("张 三", "张\u200b三" and "张三" are one
 * name) and Latin letters in lower case. This only decides what counts as "the same"; the name
 * is stored as typed. Invisible characters (Unicode's Default_Ignorable_Code_Point: zero-width
 * spaces and joiners, soft hyphens, byte-order marks…) come with text pasted from word
 * processors and chat apps, and would otherwise let a barred person be registered again as
 * someone new and proposed for the same post (R3).
 */
export function nameKey(name: unknown, field = 'name'): string {
  if (typeof name !== 'string') throw new RuleInputError(field, 'must be a string');
  const key = name.normalize('NFKC').replace(/[\s\p{Default_Ignorable_Code_Point}]+/gu, '').toLowerCase();
  if (key === '') throw new RuleInputError(field, 'must not be empty');
  return key;
}

/** R15: the identity of a nominee: the name key and the birth date. */
export function nomineeKey(name: unknown, birthDate: unknown): string {
  return `${nameKey(name)}|${formatDate(parseDate(birthDate, 'birthDate'))}`;
}

/** R15: the identity of a roster entry (member or observer): the name key. */
export function rosterKey(name: unknown): string {
  return nameKey(name);
}

/**
 * R15: which of `existing` a new record with identity `key` would duplicate, leaving out those
 * the clerk has confirmed to be different people. Empty means the new record may be added.
 */
export function duplicatesOf<T extends { id: string; key: string }>(key: string, existing: readonly T[], confirmedDistinct: Iterable<string> = []): T[] {
  const confirmed = new Set(confirmedDistinct);
  return existing.filter((e) => e.key === key && !confirmed.has(e.id));
}
