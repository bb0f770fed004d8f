import { RuleInputError } from './errors';

/**
 * The nominee's dossier (介绍拟任免人选情况, 001 第二篇 六(一) "逐个介绍拟任免人选的提名、推荐、
 * 考察和任免理由及岗位空缺等情况"): where the nomination came from, the recommendation and the
 * examination, the reasons and the vacancy. A personal recommendation states the recommender and
 * their relationship to the person ("领导个人推荐要……写明与被推荐人的关系"), and the recommender
 * declares they are not the person's spouse, child, relative or own staff ("不准直接或间接推荐本人
 * 的配偶、子女、直系亲属和身边工作人员", 002 五 一 2). docs/full-committee.md §3.
 */
export type DossierSource = 'organization' | 'personal';

export const DOSSIER_SOURCES: readonly DossierSource[] = ['organization', 'personal'];

export interface Dossier {
  source: DossierSource;
  /** Required for a personal recommendation (name and post); the recommending body, or null, for an organization's. */
  recommender: string | null;
  /** Required for a personal recommendation; null for an organization's. */
  relationship: string | null;
  /** A personal recommendation: true, the recommender's declaration. Null for an organization's. */
  declaration: boolean | null;
  recommendation: string;
  examination: string;
  reasons: string;
  vacancy: string;
}

/** Why a dossier is refused, or null when it may stand. */
export type DossierFault = 'declaration-missing' | 'recommender-missing' | 'relationship-missing' | 'reasons-missing' | 'organization-personal-fields';

const blank = (v: string | null): boolean => v === null || v.trim() === '';

export function requireDossierSource(value: unknown, field = 'source'): DossierSource {
  if (!DOSSIER_SOURCES.includes(value as DossierSource)) throw new RuleInputError(field, `must be one of ${DOSSIER_SOURCES.join(', ')}, got ${String(value)}`);
  return value as DossierSource;
}

/**
 * 002 五 一 2: a personal recommendation names the recommender, states the relationship and
 * carries the declaration; without the declaration it is refused. An organization's
 * recommendation has no relationship and no declaration. Every dossier gives the reasons.
 */
export function dossierFault(d: Dossier): DossierFault | null {
  const source = requireDossierSource(d.source);
  if (source === 'personal') {
    if (d.declaration !== true) return 'declaration-missing';
    if (blank(d.recommender)) return 'recommender-missing';
    if (blank(d.relationship)) return 'relationship-missing';
  } else if (d.relationship !== null || d.declaration !== null) {
    return 'organization-personal-fields';
  }
  if (blank(d.reasons)) return 'reasons-missing';
  return null;
}
