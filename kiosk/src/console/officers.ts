/**
 * Accounts (admin): every officer with its state (enabled, disabled, locked by wrong passwords
 * until a time), and what an administrator does about it — disable (sessions end), enable,
 * set a new password (sessions end), unlock — each asking first where it cannot be undone.
 */
import { byId, h, show } from '../lib/dom';
import { buildForm } from '../lib/forms';
import { t, type MessageKey } from '../i18n';
import { confirmAction, editDialog } from './dialog';
import { api, enc, messageOf, post, session, type Officer } from './session';
import { button, section, table } from './ui';

type Listed = Officer & { disabled: boolean; lockedUntil?: string | null };

function timeOf(iso: string): string {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

export async function renderOfficers(): Promise<void> {
  const { officers } = await api<{ officers: Listed[] }>('/api/officers');
  const roles: Officer['role'][] = ['admin', 'clerk', 'presiding', 'inspector', 'filer'];
  const again = () => renderOfficers();
  const rows = officers.map((o) => {
    const locked = o.lockedUntil && new Date(o.lockedUntil).getTime() > Date.now() ? o.lockedUntil : null;
    const state = o.disabled ? t('console.officer.disabled') : locked ? t('console.officer.locked', { until: timeOf(locked) }) : t('console.officer.enabled');
    const actions = h('span', { class: 'row-actions' });
    if (o.id !== session.officer?.id) {
      actions.append(
        o.disabled
          ? button(t('console.officer.enable'), async () => {
              await post(`/api/officers/${enc(o.id)}/enable`);
              await again();
            }, 'secondary', { 'data-enable': o.username })
          : button(t('console.officer.disable'), async () => {
              const ok = await confirmAction({ title: t('console.officer.disable'), lines: [t('console.officer.disable.confirm', { name: o.displayName, username: o.username })], confirmLabel: t('console.officer.disable'), danger: true });
              if (!ok) return;
              await post(`/api/officers/${enc(o.id)}/disable`);
              await again();
            }, 'secondary', { 'data-disable': o.username }),
      );
    }
    actions.append(
      button(t('console.officer.reset'), () =>
        editDialog(
          t('console.officer.reset.title', { name: o.displayName }),
          [{ name: 'password', label: t('console.officer.newPassword'), kind: 'password', autocomplete: 'new-password', hint: t('console.officer.passwordRule') }],
          t('console.officer.reset'),
          async (v) => {
            await post(`/api/officers/${enc(o.id)}/password`, { password: v.password });
            await again();
          },
          'reset-password',
        ),
      'secondary', { 'data-reset': o.username }),
    );
    if (locked) {
      actions.append(
        button(t('console.officer.unlock'), async () => {
          await post(`/api/officers/${enc(o.id)}/unlock`);
          await again();
        }, 'secondary', { 'data-unlock': o.username }),
      );
    }
    return [h('code', {}, o.username), o.displayName, t(`role.${o.role}` as MessageKey), state, actions];
  });
  show(
    byId('main'),
    h('h1', {}, t('console.nav.officers')),
    section(
      t('console.nav.officers'),
      table([t('console.officer.username'), t('console.officer.displayName'), t('console.officer.role'), t('console.officer.state'), ''], rows, { id: 'officers' }),
    ),
    section(
      t('console.officer.new'),
      buildForm(
        [
          { name: 'username', label: t('console.officer.username'), kind: 'text', hint: t('console.officer.usernameRule') },
          { name: 'displayName', label: t('console.officer.displayName'), kind: 'text' },
          { name: 'role', label: t('console.officer.role'), kind: 'select', options: roles.map((r) => [r, t(`role.${r}` as MessageKey)]) },
          { name: 'password', label: t('console.officer.password'), kind: 'password', autocomplete: 'new-password', hint: t('console.officer.passwordRule') },
        ],
        t('common.add'),
        async (v) => {
          await post('/api/officers', v);
          await again();
        },
        { messageOf, id: 'new-officer' },
      ),
    ),
  );
}
