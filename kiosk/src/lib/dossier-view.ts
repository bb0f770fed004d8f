/**
 * The nominee's dossier (介绍拟任免人选情况, docs/full-committee.md §3), read leniently from the
 * API and shown collapsed under the nominee: on the tablet, opened by a tap; in the console,
 * beside the item. Text only through textContent (lib/dom).
 */
import { h } from './dom';
import { t } from '../i18n';

export interface DossierView {
  source: 'organization' | 'personal';
  recommender: string;
  relationship: string;
  declaration: boolean;
  recommendation: string;
  examination: string;
  reasons: string;
  vacancy: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function readDossier(v: unknown): DossierView | null {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  return {
    source: o.source === 'personal' ? 'personal' : 'organization',
    recommender: str(o.recommender),
    relationship: str(o.relationship),
    declaration: o.declaration === true,
    recommendation: str(o.recommendation),
    examination: str(o.examination),
    reasons: str(o.reasons),
    vacancy: str(o.vacancy),
  };
}

/** A collapsed <details class="dossier">: source, recommender and relationship, declaration, then the four texts. */
export function dossierDetails(d: DossierView): HTMLElement {
  const row = (label: string, value: string) => (value ? [h('dt', {}, label), h('dd', {}, value)] : []);
  const personal = d.source === 'personal';
  return h(
    'details',
    { class: 'dossier', 'data-source': d.source },
    h('summary', {}, t('dossier.summary')),
    h(
      'dl',
      { class: 'facts' },
      ...row(t('dossier.source'), t(personal ? 'dossier.source.personal' : 'dossier.source.organization')),
      ...row(t(personal ? 'dossier.recommender' : 'dossier.recommendingBody'), d.recommender),
      ...(personal ? row(t('dossier.relationship'), d.relationship) : []),
      ...(personal ? row(t('dossier.declaration'), d.declaration ? t('dossier.declaration.made') : '') : []),
      ...row(t('dossier.recommendation'), d.recommendation),
      ...row(t('dossier.examination'), d.examination),
      ...row(t('dossier.reasons'), d.reasons),
      ...row(t('dossier.vacancy'), d.vacancy),
    ),
  );
}
