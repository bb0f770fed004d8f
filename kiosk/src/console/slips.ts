/** Sign-in slips: issues them and opens the server's printable page (codes appear only in this answer). */
import { ApiError } from '../lib/api';
import { t } from '../i18n';
import { enc, say, session } from './session';

export async function printSlips(meetingId: string, reissuePerson?: string): Promise<void> {
  const win = window.open('', '_blank');
  const res = await fetch(reissuePerson ? `/api/meetings/${enc(meetingId)}/slips/${enc(reissuePerson)}/reissue` : `/api/meetings/${enc(meetingId)}/slips`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { accept: reissuePerson ? 'application/json' : 'text/html', 'x-csrf-token': session.csrf },
  });
  if (!res.ok) {
    win?.close();
    throw new ApiError(res.status, (await res.json().catch(() => ({}))) as Record<string, unknown>);
  }
  let html: string;
  if (reissuePerson) {
    const { slips } = (await res.json()) as { slips: Array<{ name: string; code: string }> };
    html = `<!doctype html><html><head><title></title><link rel="stylesheet" href="/kiosk/print.css"></head><body><main>${slips.map(() => '<section class="slip"><h1></h1><p class="name"></p><p class="code"><code></code></p><p class="url"></p></section>').join('')}</main></body></html>`;
    const doc = new DOMParser().parseFromString(html, 'text/html');
    doc.title = t('console.slips.reissued');
    doc.querySelectorAll('.slip').forEach((el, i) => {
      el.querySelector('h1')!.textContent = t('console.slips.reissued');
      el.querySelector('.name')!.textContent = slips[i]!.name;
      el.querySelector('code')!.textContent = slips[i]!.code;
      el.querySelector('.url')!.textContent = t('console.slips.reissuedHelp');
    });
    html = doc.documentElement.outerHTML;
  } else {
    html = await res.text();
  }
  if (!win) return;
  // Parsed, never executed: DOMParser runs no script, and the opened window inherits the console's CSP.
  const doc = new DOMParser().parseFromString(html, 'text/html');
  win.document.title = doc.title;
  for (const node of [...doc.head.querySelectorAll('link[rel=stylesheet]')]) {
    win.document.head.append(win.document.importNode(node, true));
  }
  win.document.body.replaceChildren(...[...doc.body.childNodes].map((n) => win.document.importNode(n, true)));
  win.document.documentElement.lang = 'zh-CN';
  say(t('console.slips.note'));
}
