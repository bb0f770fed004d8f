/**
 * Printed results from the console: #/results/<meeting>[/<item>] shows the A4 表决结果 / 计票单
 * sheets, the summary and the minutes draft (会议记录), all read from the meeting's record
 * (src/report: the log is the authority), with a print button (kiosk/styles/results.css).
 * The same sheets come out of the CLI as a PDF: `sealvote print-results`.
 */
import { byId, h, show } from '../lib/dom';
import { t } from '../i18n';
import { buildReport, type Report } from '../../../src/report/model';
import { renderReport, type RenderOptions } from '../../../src/report/html';
import { parseRecord } from '../../../src/verifier/record';
import { api, enc } from './session';
import { link } from './ui';

/** The QR code leads to this service's inspector page for the meeting, with the hash to compare. */
export const inspectorUrl = (meeting: string, hash: string) => `${location.origin}/inspector/?meeting=${enc(meeting)}&hash=${enc(hash)}`;

export async function loadReport(meetingId: string): Promise<Report> {
  return buildReport(parseRecord(await api<unknown>(`/api/meetings/${enc(meetingId)}/record`)));
}

/**
 * The report's HTML, parsed without running anything (DOMParser runs no script, and the renderer
 * escapes every value and writes none), as nodes for this page.
 */
export function reportNodes(report: Report, opts: RenderOptions): Node[] {
  const doc = new DOMParser().parseFromString(renderReport(report, { inspectorUrl, ...opts }), 'text/html');
  return [...doc.body.childNodes].map((n) => document.importNode(n, true));
}

export async function renderResults(meetingId: string, part: string): Promise<void> {
  const report = await loadReport(meetingId);
  const item = report.items.find((i) => i.id === part);
  const opts: RenderOptions = item ? { item: item.id, parts: ['sheets'] } : part === 'minutes' ? { parts: ['minutes'] } : { parts: ['sheets', 'summary'] };
  const print = h('button', { type: 'button', class: 'primary', id: 'print' }, t('console.print.print'));
  print.addEventListener('click', () => window.print());
  show(
    byId('main'),
    h('h1', { class: 'no-print' }, part === 'minutes' ? t('console.print.minutes') : t('console.print.results'), ' — ', report.meeting.title),
    h(
      'p',
      { class: 'results-toolbar' },
      print,
      link(`#/meeting/${enc(meetingId)}`, t('common.back')),
      part === 'minutes' ? link(`#/results/${enc(meetingId)}`, t('console.print.results')) : link(`#/results/${enc(meetingId)}/minutes`, t('console.print.minutes')),
    ),
    report.final ? null : h('p', { class: 'note no-print', id: 'not-final' }, t('console.print.notFinal')),
    h('div', { class: 'results-view', id: 'results' }, ...reportNodes(report, opts)),
  );
}
