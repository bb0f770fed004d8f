/**
 * The officers' sign-in form, one for the console, the inspector page and the co-issuer page: the
 * same fields, words and refusal text (in the page's language, never the server's detail).
 */
import { buildForm } from './forms';
import { t } from '../i18n';

export interface SignedIn<O> {
  officer: O;
  csrfToken: string;
}

export function officerSignInForm<O>(
  login: (username: string, password: string) => Promise<SignedIn<O>>,
  onSignedIn: (officer: O, csrfToken: string) => unknown,
  messageOf: (e: unknown) => string,
): HTMLFormElement {
  return buildForm(
    [
      { name: 'username', label: t('console.login.username'), kind: 'text', autocomplete: 'username' },
      { name: 'password', label: t('console.login.password'), kind: 'password', autocomplete: 'current-password' },
    ],
    t('console.login.submit'),
    async (v) => {
      const res = await login(String(v.username), String(v.password));
      await onSignedIn(res.officer, res.csrfToken);
    },
    { id: 'login', messageOf: (e) => t('console.login.failed', { message: messageOf(e) }) },
  );
}
