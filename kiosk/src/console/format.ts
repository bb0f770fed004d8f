/** How the console writes dates and enum values for people. */
import { getLang, t, type MessageKey } from '../i18n';
import { h } from '../lib/dom';

/** 出生年月: "1978年5月" in Chinese, "1978-05" in English (the day is not shown, as on paper forms). */
export function birthMonth(iso: string): string {
  const m = /^(\d{4})-(\d{2})-\d{2}$/.exec(iso);
  if (!m) return iso;
  return getLang() === 'zh-CN' ? `${m[1]}年${Number(m[2])}月` : `${m[1]}-${m[2]}`;
}

/** A meeting date: "2026年3月2日" / "2026-03-02". */
export function meetingDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  return getLang() === 'zh-CN' ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : iso;
}

/** An enum value's text ('enum.passRule.majority'), or the raw value if none is known. */
export function enumText(kind: string, value: string): string {
  return t(`enum.${kind}.${value}` as MessageKey);
}

/** The last characters of an id, enough to tell two meetings of the same title apart. */
export const idSuffix = (id: string) => id.slice(-6);

/** "编号 …a1b2c3" telling two meetings apart; the id's letters are code, not words of the page. */
export function idSuffixNote(id: string): HTMLElement {
  const [before = '', after = ''] = t('console.meeting.suffix', { suffix: '\u0000' }).split('\u0000');
  return h('small', { class: 'muted', 'data-suffix': '' }, before, h('code', {}, idSuffix(id)), after);
}
