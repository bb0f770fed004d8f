/**
 * The clerk's dossier of a person on a draft item (docs/full-committee.md §3): a dialog with the
 * nomination source, the recommender and relationship, the declaration, and the four texts. The
 * server refuses a personal recommendation without the declaration (dossier_declaration_missing),
 * and the dialog shows that refusal in words.
 */
import { h } from '../lib/dom';
import type { FormValues } from '../lib/forms';
import { dossierDetails, readDossier } from '../lib/dossier-view';
import { t } from '../i18n';
import { confirmAction, editDialog } from './dialog';
import { api, enc } from './session';
import type { Item, Nominee } from './types';
import { button } from './ui';

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** The request body from the dialog's values: a personal recommendation's fields only for a personal one. */
function body(v: FormValues): Record<string, unknown> {
  const personal = v.source === 'personal';
  return {
    source: personal ? 'personal' : 'organization',
    recommender: text(v.recommender) || null,
    relationship: personal ? text(v.relationship) || null : null,
    declaration: personal ? v.declaration === true : null,
    recommendation: text(v.recommendation),
    examination: text(v.examination),
    reasons: text(v.reasons),
    vacancy: text(v.vacancy),
  };
}

/** The nominee's name, the dossier collapsed under it, and (draft, clerk) the buttons to set or remove it. */
export function nomineeWithDossier(item: Item, n: Nominee, editable: boolean, again: () => Promise<void>): HTMLElement {
  const d = readDossier(n.dossier);
  const at = `/api/items/${enc(item.id)}/dossiers/${enc(n.id)}`;
  const edit = () =>
    editDialog(
      t('dossier.edit', { name: n.name }),
      [
        { name: 'source', label: t('dossier.source'), kind: 'select', options: [['organization', t('dossier.source.organization')], ['personal', t('dossier.source.personal')]], value: d?.source ?? 'organization' },
        { name: 'recommender', label: t('dossier.recommenderOrBody'), kind: 'text', wide: true, value: d?.recommender ?? '' },
        { name: 'relationship', label: t('dossier.relationship'), kind: 'text', wide: true, value: d?.relationship ?? '', hint: t('dossier.relationship.hint') },
        { name: 'declaration', label: t('dossier.declaration.label'), kind: 'checkbox', value: d?.declaration ?? false },
        { name: 'recommendation', label: t('dossier.recommendation'), kind: 'textarea', value: d?.recommendation ?? '' },
        { name: 'examination', label: t('dossier.examination'), kind: 'textarea', value: d?.examination ?? '' },
        { name: 'reasons', label: t('dossier.reasons'), kind: 'textarea', required: true, value: d?.reasons ?? '' },
        { name: 'vacancy', label: t('dossier.vacancy'), kind: 'textarea', value: d?.vacancy ?? '' },
      ],
      t('common.save'),
      async (v) => {
        await api(at, { method: 'PUT', body: body(v) });
        await again();
      },
      'edit-dossier',
    );
  const remove = async () => {
    if (!(await confirmAction({ title: t('dossier.remove'), lines: [t('dossier.remove.confirm', { name: n.name })], confirmLabel: t('console.confirm.delete'), danger: true }))) return;
    await api(at, { method: 'DELETE' });
    await again();
  };
  return h(
    'div',
    { class: 'nominee-cell', 'data-nominee': n.id },
    h('span', {}, n.name),
    d ? dossierDetails(d) : editable ? h('span', { class: 'muted' }, ` ${t('dossier.none')}`) : null,
    editable
      ? h(
          'span',
          { class: 'row-actions' },
          button(t(d ? 'dossier.change' : 'dossier.add'), edit, 'secondary', { 'data-dossier': n.id }),
          d ? button(t('dossier.remove'), remove, 'secondary', { 'data-remove-dossier': n.id }) : null,
        )
      : null,
  );
}
