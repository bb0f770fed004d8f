/** The sign-in form; the shell (main.ts) decides what follows a sign-in. */
import { byId, h, show } from '../lib/dom';
import { officerSignInForm, type SignedIn } from '../lib/officer-signin';
import { t } from '../i18n';
import { messageOf, post, type Officer } from './session';

export function renderLogin(onSignedIn: (o: Officer, csrfToken: string) => void): void {
  byId('nav').hidden = true;
  byId('logout').hidden = true;
  byId('who').textContent = '';
  const form = officerSignInForm((username, password) => post<SignedIn<Officer>>('/api/auth/login', { username, password }), onSignedIn, messageOf);
  // The page's one level-one heading while nobody is signed in.
  show(byId('main'), h('section', { class: 'panel' }, h('h1', {}, t('console.login.heading')), form));
  byId('main').querySelector<HTMLInputElement>('input[name=username]')?.focus();
}
