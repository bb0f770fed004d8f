/** The sign-in form; the shell (main.ts) decides what follows a sign-in. */
import { byId, h, show } from '../lib/dom';
import { buildForm } from '../lib/forms';
import { t } from '../i18n';
import { messageOf, post, type Officer } from './session';

export function renderLogin(onSignedIn: (o: Officer, csrfToken: string) => void): void {
  byId('nav').hidden = true;
  byId('logout').hidden = true;
  byId('who').textContent = '';
  const form = buildForm(
    [
      { name: 'username', label: t('console.login.username'), kind: 'text', autocomplete: 'username' },
      { name: 'password', label: t('console.login.password'), kind: 'password', autocomplete: 'current-password' },
    ],
    t('console.login.submit'),
    async (v) => {
      const res = await post<{ officer: Officer; csrfToken: string }>('/api/auth/login', { username: v.username, password: v.password });
      onSignedIn(res.officer, res.csrfToken);
    },
    { id: 'login', messageOf: (e) => t('console.login.failed', { message: messageOf(e) }) },
  );
  // The page's one level-one heading while nobody is signed in.
  show(byId('main'), h('section', { class: 'panel' }, h('h1', {}, t('console.login.heading')), form));
  byId('main').querySelector<HTMLInputElement>('input[name=username]')?.focus();
}
