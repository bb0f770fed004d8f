/**
 * Department verifier keys (admin): the organization department's and the discipline
 * commission's cosigner keys, each with its fingerprint — SHA-256 of the key text, first 10
 * bytes in groups of five hex digits (the rule of docs/coissuance.md) — to read aloud against the
 * one `sealvote keygen` printed on the department's own machine. Filing a cosignature needs it.
 */
import { byId, h, show } from '../lib/dom';
import { buildForm } from '../lib/forms';
import { t, type MessageKey } from '../i18n';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8 } from '../../../crypto/bytes';
import { confirmAction } from './dialog';
import { api, enc, messageOf } from './session';
import { section, table } from './ui';

const DEPARTMENTS = ['organization', 'discipline'] as const;

export function keyFingerprint(verifierKey: string): string {
  return bytesToHex(sha256(utf8(verifierKey)).subarray(0, 10)).match(/.{5}/g)!.join(' ');
}

export async function renderDepartments(): Promise<void> {
  const { departments } = await api<{ departments: Array<{ department: string; verifierKey: string; registeredAt: number }> }>('/api/departments');
  const rows = DEPARTMENTS.map((d) => {
    const key = departments.find((k) => k.department === d);
    return [
      t(`department.${d}` as MessageKey),
      key ? h('code', { class: 'key' }, key.verifierKey) : t('console.keys.none'),
      key ? h('code', { 'data-fingerprint': d }, keyFingerprint(key.verifierKey)) : '',
      key ? new Date(key.registeredAt).toLocaleString(document.documentElement.lang) : '',
    ];
  });
  show(
    byId('main'),
    h('h1', {}, t('console.nav.departments')),
    section(
      t('console.keys.registered'),
      h('p', { class: 'muted' }, t('console.keys.help')),
      table([t('console.keys.department'), t('console.keys.key'), t('console.keys.fingerprint'), t('console.keys.registeredAt')], rows, { id: 'department-keys' }),
    ),
    section(
      t('console.keys.register'),
      buildForm(
        [
          { name: 'department', label: t('console.keys.department'), kind: 'select', options: DEPARTMENTS.map((d) => [d, t(`department.${d}` as MessageKey)]) },
          { name: 'verifierKey', label: t('console.keys.key'), kind: 'text', wide: true, hint: t('console.keys.keyHint') },
        ],
        t('console.keys.register'),
        async (v) => {
          const key = String(v.verifierKey);
          const department = String(v.department);
          const ok = await confirmAction({
            title: t('console.keys.register'),
            lines: [t('console.keys.confirm', { department: t(`department.${department}` as MessageKey), fingerprint: keyFingerprint(key) })],
            confirmLabel: t('console.keys.register'),
          });
          if (!ok) return;
          await api(`/api/departments/${enc(department)}/key`, { method: 'PUT', body: { verifierKey: key } });
          await renderDepartments();
        },
        { messageOf, id: 'register-key' },
      ),
    ),
  );
}
