/**
 * Every policy that decided a result, as the pages name it (issue 15): R2 — the item's pass rule
 * under the committee's majority policy —, R3's bar and, when a reconsideration motion was moved,
 * R10's threshold. One line each, in the page's language.
 */
import { t, type MessageKey } from '../i18n';
import type { ItemResultView } from './result';

export function resultRuleLines(r: Pick<ItemResultView, 'passRule' | 'majority' | 'barRule' | 'motionRule' | 'hasMotion'>): Array<{ rule: 'R2' | 'R3' | 'R10'; text: string }> {
  const pass: MessageKey = r.passRule === 'two-thirds' ? 'projector.rule.two-thirds' : r.majority === 'half-or-more' ? 'projector.rule.half-or-more' : 'projector.rule.majority';
  const lines: Array<{ rule: 'R2' | 'R3' | 'R10'; text: string }> = [
    { rule: 'R2', text: t('projector.rule', { rule: t(pass) }) },
    { rule: 'R3', text: t('projector.bar', { rule: t(`projector.bar.${r.barRule}`) }) },
  ];
  if (r.hasMotion) lines.push({ rule: 'R10', text: t('projector.motionRule', { rule: t(`projector.motionRule.${r.motionRule}`) }) });
  return lines;
}
