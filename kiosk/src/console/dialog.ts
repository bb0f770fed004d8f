/**
 * Modal dialogs for the console: a confirmation that states what cannot be undone, and a form
 * to correct a row. Native <dialog> (focus is trapped and Esc cancels), text through textContent.
 */
import { h } from '../lib/dom';
import { buildForm, type FieldSpec, type FormValues } from '../lib/forms';
import { t } from '../i18n';
import { messageOf } from './session';

let counter = 0;

function open(dialog: HTMLDialogElement): void {
  document.body.append(dialog);
  dialog.addEventListener('close', () => dialog.remove());
  dialog.showModal();
}

export interface ConfirmSpec {
  title: string;
  /** The consequence, in one or more sentences; every line is shown. */
  lines: string[];
  confirmLabel: string;
  /** A destructive action gets the red button. */
  danger?: boolean;
}

/** Resolves true only when the officer presses the confirm button. */
export function confirmAction(spec: ConfirmSpec): Promise<boolean> {
  const id = `dlg${++counter}`;
  return new Promise((resolve) => {
    const ok = h('button', { type: 'button', class: spec.danger ? 'danger' : 'primary', 'data-confirm': '' }, spec.confirmLabel);
    const cancel = h('button', { type: 'button', class: 'secondary', 'data-cancel': '' }, t('common.cancel'));
    const dialog = h(
      'dialog',
      { class: 'confirm', 'aria-labelledby': `${id}-title`, 'aria-describedby': `${id}-body` },
      h('h2', { id: `${id}-title` }, spec.title),
      h('div', { id: `${id}-body` }, ...spec.lines.map((line) => h('p', {}, line))),
      h('div', { class: 'row-actions' }, cancel, ok),
    );
    let answer = false;
    ok.addEventListener('click', () => {
      answer = true;
      dialog.close();
    });
    cancel.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => resolve(answer));
    open(dialog);
    // The safe choice has the focus: Enter alone never confirms.
    cancel.focus();
  });
}

/** A form in a dialog; it closes when onSubmit succeeds and shows the refusal inside otherwise. */
export function editDialog(title: string, fields: FieldSpec[], submitLabel: string, onSubmit: (v: FormValues) => Promise<void>, formId?: string): void {
  const id = `dlg${++counter}`;
  const cancel = h('button', { type: 'button', class: 'secondary', 'data-cancel': '' }, t('common.cancel'));
  let dialog: HTMLDialogElement;
  const form = buildForm(
    fields,
    submitLabel,
    async (v) => {
      await onSubmit(v);
      dialog.close();
    },
    { messageOf, ...(formId ? { id: formId } : {}) },
  );
  dialog = h('dialog', { class: 'edit', 'aria-labelledby': `${id}-title` }, h('h2', { id: `${id}-title` }, title), form, h('div', { class: 'row-actions' }, cancel));
  cancel.addEventListener('click', () => dialog.close());
  open(dialog);
  form.querySelector<HTMLElement>('input, select, textarea')?.focus();
}
