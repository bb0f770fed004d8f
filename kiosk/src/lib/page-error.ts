/**
 * A failure found in the page itself (a key file that is not one, a trust file that does not
 * parse): it carries a message key, so problemText words it in the page's language like a
 * server refusal. Library errors underneath (crypto/, the record parser) speak English for
 * developers; the page never shows their text as the sentence.
 */
import type { MessageKey } from '../i18n';

export class PageError extends Error {
  constructor(
    readonly key: MessageKey,
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
  }
}
