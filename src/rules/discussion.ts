import { RuleInputError } from './errors';

/**
 * R11's own rule (002 五 一 5 "在讨论干部任免时,县委书记不得提前表态"; 四(二) 2 warns against the
 * secretary "抢先表态‘定调’"): in the discussion before an item's vote the secretary states a
 * view only after the others. `speakers` is the order in which people spoke (each once);
 * `secretary` the roster's secretary, or null when the roster has none.
 */
export function secretarySpeaksLast(speakers: readonly string[], secretary: string | null): boolean {
  requireSpeakers(speakers);
  if (secretary === null) return true;
  const at = speakers.indexOf(secretary);
  return at === -1 || at === speakers.length - 1;
}

/**
 * For the console's warning: those who asked to speak and have not yet spoken, when the
 * secretary is about to speak. Empty means the secretary may speak now.
 */
export function waitingBeforeSecretary(requested: readonly string[], spoken: readonly string[], secretary: string): string[] {
  const done = new Set(spoken);
  return requested.filter((p) => p !== secretary && !done.has(p));
}

/** A speaking order: person ids, each once. */
export function requireSpeakers(speakers: unknown, field = 'speakers'): string[] {
  if (!Array.isArray(speakers)) throw new RuleInputError(field, 'must be an array of person ids');
  const seen = new Set<string>();
  speakers.forEach((p: unknown, i) => {
    if (typeof p !== 'string' || p === '') throw new RuleInputError(`${field}[${i}]`, 'must be a person id');
    if (seen.has(p)) throw new RuleInputError(`${field}[${i}]`, `${p} is listed twice; each person states a view once`);
    seen.add(p);
  });
  return speakers as string[];
}
