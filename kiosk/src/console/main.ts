/**
 * The officer console (clerk, presiding officer, inspector, filer, admin): the shell — sign-in,
 * the header, and the views by hash: #/committees, #/committee/<id>, #/meetings,
 * #/meeting/<id>, #/live/<id>, #/results/<id>[/<item>|/minutes], #/officers, #/departments. Each view lives in its own module beside this one.
 */
import { ApiError } from '../lib/api';
import { byId, h, show } from '../lib/dom';
import { initLang, mountLangSwitch, onLangChange, t, type MessageKey } from '../i18n';
import { renderCommittee, renderCommittees } from './committees';
import { renderLive } from './live';
import { renderLogin } from './login';
import { renderMeeting, renderMeetings } from './meetings';
import { renderDepartments } from './departments';
import { renderOfficers } from './officers';
import { renderResults } from './results';
import { api, messageOf, post, session, SIGNED_IN, type Officer } from './session';

function showLogin(): void {
  renderLogin(signedIn);
}

function signedIn(o: Officer, token: string): void {
  sessionStorage.setItem(SIGNED_IN, '1');
  session.officer = o;
  session.csrf = token;
  byId('who').textContent = t('console.whoami', { name: o.displayName, role: t(`role.${o.role}` as MessageKey) });
  byId('logout').hidden = false;
  const nav = byId('nav');
  nav.hidden = false;
  nav.querySelector<HTMLElement>('[data-view=officers]')!.hidden = o.role !== 'admin';
  nav.querySelector<HTMLElement>('[data-view=departments]')!.hidden = o.role !== 'admin';
  nav.querySelector<HTMLElement>('[data-view=committees]')!.hidden = o.role === 'admin';
  nav.querySelector<HTMLElement>('[data-view=meetings]')!.hidden = o.role === 'admin';
  if (!location.hash || location.hash === '#/') location.hash = o.role === 'admin' ? '#/officers' : '#/meetings';
  else void route();
}

async function route(): Promise<void> {
  session.stopWatch?.();
  session.stopWatch = null;
  byId('alert').hidden = true;
  if (!session.officer) return showLogin();
  const [, view = '', id = '', part = ''] = location.hash.split('/');
  byId('nav')
    .querySelectorAll<HTMLElement>('[data-view]')
    .forEach((b) => (b.dataset.view === view ? b.setAttribute('aria-current', 'page') : b.removeAttribute('aria-current')));
  try {
    switch (view) {
      case 'committees':
        return await renderCommittees();
      case 'committee':
        return await renderCommittee(decodeURIComponent(id));
      case 'meeting':
        return await renderMeeting(decodeURIComponent(id));
      case 'live':
        return await renderLive(decodeURIComponent(id));
      case 'officers':
        return await renderOfficers();
      case 'departments':
        return await renderDepartments();
      case 'results':
        return await renderResults(decodeURIComponent(id), decodeURIComponent(part));
      default:
        return await renderMeetings();
    }
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      session.officer = null;
      return showLogin();
    }
    show(byId('main'), h('p', { class: 'error', role: 'alert' }, t('common.error', { message: messageOf(e) })));
  }
}

export async function start(): Promise<void> {
  initLang();
  mountLangSwitch(byId<HTMLButtonElement>('lang'));
  onLangChange(() => {
    const o = session.officer;
    if (o) byId('who').textContent = t('console.whoami', { name: o.displayName, role: t(`role.${o.role}` as MessageKey) });
    if (!location.hash.startsWith('#/live/')) void route();
  });
  byId('nav').addEventListener('click', (ev) => {
    const view = (ev.target as HTMLElement).closest<HTMLElement>('[data-view]')?.dataset.view;
    if (view) location.hash = `#/${view}`;
  });
  byId('logout').addEventListener('click', () => {
    void post('/api/auth/logout').finally(() => {
      session.officer = null;
      session.csrf = '';
      sessionStorage.removeItem(SIGNED_IN);
      location.hash = '';
      showLogin();
    });
  });
  window.addEventListener('hashchange', () => void route());
  // Ask for the session only when this tab signed in before: a 401 probe would be a console error.
  if (sessionStorage.getItem(SIGNED_IN) === '1') {
    try {
      const s = await api<{ officer: Officer; csrfToken: string }>('/api/auth/session');
      return signedIn(s.officer, s.csrfToken);
    } catch {
      sessionStorage.removeItem(SIGNED_IN);
    }
  }
  showLogin();
}
