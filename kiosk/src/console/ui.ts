/** The console's building blocks: panels, tables, links and buttons that report their errors. */
import { byId, h } from '../lib/dom';
import { t } from '../i18n';
import { messageOf } from './session';

export function section(title: string, ...children: (Node | null)[]): HTMLElement {
  return h('section', { class: 'panel' }, h('h2', {}, title), ...children);
}

export function table(headers: string[], rows: (Node | string)[][], attrs: Record<string, string> = {}): HTMLTableElement {
  return h(
    'table',
    { class: 'list', ...attrs },
    // An empty header cell is announced as nothing: name the column (visually hidden when it has no title).
    h('thead', {}, h('tr', {}, ...headers.map((x) => h('th', { scope: 'col' }, x || h('span', { class: 'visually-hidden' }, t('console.actions')))))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))),
  );
}

export function link(hash: string, text: string, attrs: Record<string, string> = {}): HTMLAnchorElement {
  return h('a', { href: hash, class: 'action-link', ...attrs }, text);
}

/** The refusal shown beside the button that caused it; every success clears them all. */
const shown = new Set<HTMLElement>();

export function clearErrors(): void {
  for (const el of shown) el.remove();
  shown.clear();
  const alert = document.getElementById('alert');
  if (alert) alert.hidden = true;
}

export function showErrorAt(anchor: HTMLElement, e: unknown): void {
  const next = anchor.nextElementSibling;
  if (next instanceof HTMLElement && next.classList.contains('inline-error')) next.remove();
  const el = h('span', { class: 'inline-error error', role: 'alert' }, t('common.error', { message: messageOf(e) }));
  anchor.after(el);
  shown.add(el);
}

/**
 * A button that runs an action; while it runs it is disabled. A refusal appears right after the
 * button (not in a banner far away), and stays until the next action succeeds.
 */
export function button(label: string, onClick: () => Promise<void> | void, cls = 'secondary', attrs: Record<string, string> = {}): HTMLButtonElement {
  const b = h('button', { type: 'button', class: cls, ...attrs }, label);
  b.addEventListener('click', () => {
    b.disabled = true;
    Promise.resolve(onClick())
      .then(() => clearErrors())
      .catch((e: unknown) => {
        if (b.isConnected) showErrorAt(b, e);
        else {
          const alert = byId('alert');
          alert.hidden = false;
          alert.textContent = t('common.error', { message: messageOf(e) });
        }
      })
      .finally(() => (b.disabled = false));
  });
  return b;
}
