/** Accounts (admin): the officers, and a form for a new one. */
import { byId, show } from '../lib/dom';
import { buildForm } from '../lib/forms';
import { t, type MessageKey } from '../i18n';
import { api, messageOf, post, type Officer } from './session';
import { section, table } from './ui';

export async function renderOfficers(): Promise<void> {
  const { officers } = await api<{ officers: Array<Officer & { disabled: boolean }> }>('/api/officers');
  const roles: Officer['role'][] = ['admin', 'clerk', 'presiding', 'inspector', 'filer'];
  show(
    byId('main'),
    section(
      t('console.nav.officers'),
      table([t('console.officer.username'), t('console.officer.displayName'), t('console.officer.role')], officers.map((o) => [o.username, o.displayName, t(`role.${o.role}` as MessageKey)])),
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
          await renderOfficers();
        },
        { messageOf, id: 'new-officer' },
      ),
    ),
  );
}
