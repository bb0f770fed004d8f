/** The console's building blocks: panels, tables, links and buttons that report their errors. */
import { byId, h } from '../lib/dom';
import { t } from '../i18n';
import { messageOf } from './session';

export function section(title: string, ...children: (Node | null)[]): HTMLElement {
  return h('section', { class: 'panel' }, h('h2', {}, title), ...children);
}

export function table(headers: string[], rows: (Node | string)[][]): HTMLTableElement {
  return h(
    'table',
    { class: 'list' },
    h('thead', {}, h('tr', {}, ...headers.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))),
  );
}

export function link(hash: string, text: string): HTMLAnchorElement {
  return h('a', { href: hash }, text);
}

export function button(label: string, onClick: () => Promise<void> | void, cls = 'secondary', attrs: Record<string, string> = {}): HTMLButtonElement {
  const b = h('button', { type: 'button', class: cls, ...attrs }, label);
  b.addEventListener('click', () => {
    b.disabled = true;
    Promise.resolve(onClick())
      .catch((e: unknown) => {
        const alert = byId('alert');
        alert.hidden = false;
        alert.textContent = t('common.error', { message: messageOf(e) });
      })
      .finally(() => (b.disabled = false));
  });
  return b;
}
