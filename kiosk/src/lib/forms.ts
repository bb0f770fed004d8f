/** Declarative forms for the console: labelled fields, one submit, errors in an alert line. */
import { h } from './dom';

export type FieldSpec =
  | { name: string; label: string; kind: 'text' | 'password' | 'date'; required?: boolean; value?: string; wide?: boolean; autocomplete?: string; hint?: string }
  | { name: string; label: string; kind: 'textarea'; required?: boolean; value?: string }
  | { name: string; label: string; kind: 'number'; min?: number; max?: number; value?: number }
  | { name: string; label: string; kind: 'checkbox'; value?: boolean }
  | { name: string; label: string; kind: 'select'; options: Array<[value: string, label: string]>; value?: string }
  | { name: string; label: string; kind: 'checkboxes'; options: Array<[value: string, label: string]>; value?: string[] };

export type FormValues = Record<string, string | number | boolean | string[]>;

let counter = 0;

export function buildForm(
  fields: FieldSpec[],
  submitLabel: string,
  onSubmit: (values: FormValues) => Promise<void>,
  opts: { id?: string; messageOf?: (e: unknown) => string } = {},
): HTMLFormElement {
  const form = h('form', { class: 'form-grid', novalidate: true, id: opts.id ?? null });
  const prefix = `f${++counter}`;
  for (const f of fields) {
    const id = `${prefix}-${f.name}`;
    switch (f.kind) {
      case 'textarea':
        form.append(h('label', { for: id, class: 'wide' }, f.label, h('textarea', { id, name: f.name, required: f.required ?? true }, f.value ?? '')));
        break;
      case 'number':
        form.append(h('label', { for: id }, f.label, h('input', { id, name: f.name, type: 'number', min: f.min ?? null, max: f.max ?? null, value: f.value ?? '' })));
        break;
      case 'checkbox':
        form.append(h('label', { for: id, class: 'check' }, h('input', { id, name: f.name, type: 'checkbox', checked: f.value ?? false }), ' ', f.label));
        break;
      case 'select': {
        const select = h('select', { id, name: f.name });
        for (const [value, label] of f.options) select.append(h('option', { value, selected: value === f.value }, label));
        form.append(h('label', { for: id }, f.label, select));
        break;
      }
      case 'checkboxes': {
        const set = h('fieldset', { class: 'wide', 'data-name': f.name }, h('legend', {}, f.label));
        f.options.forEach(([value, label], i) =>
          set.append(h('label', { for: `${id}-${i}`, class: 'check' }, h('input', { id: `${id}-${i}`, type: 'checkbox', name: f.name, value, checked: f.value?.includes(value) ?? false }), ' ', label)),
        );
        form.append(set);
        break;
      }
      default:
        // A rule the value must meet is shown before typing, and read with the field.
        form.append(
          h(
            'label',
            { for: id, class: f.wide ? 'wide' : null },
            f.label,
            h('input', { id, name: f.name, type: f.kind, required: f.required ?? true, value: f.value ?? '', autocomplete: f.autocomplete ?? 'off', 'aria-describedby': f.hint ? `${id}-hint` : null }),
            f.hint ? h('small', { id: `${id}-hint`, class: 'hint' }, f.hint) : null,
          ),
        );
    }
  }
  const error = h('p', { class: 'error wide', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary' }, submitLabel);
  form.append(h('div', { class: 'wide' }, submit), error);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    error.textContent = '';
    const values: FormValues = {};
    for (const f of fields) {
      if (f.kind === 'checkboxes') {
        values[f.name] = [...form.querySelectorAll<HTMLInputElement>(`input[name="${f.name}"]:checked`)].map((i) => i.value);
        continue;
      }
      const el = form.elements.namedItem(f.name) as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null;
      if (!el) continue;
      if (f.kind === 'checkbox') values[f.name] = (el as HTMLInputElement).checked;
      else if (f.kind === 'number') values[f.name] = Number(el.value);
      else values[f.name] = el.value.trim();
    }
    submit.disabled = true;
    onSubmit(values)
      .then(() => form.reset())
      .catch((e: unknown) => {
        error.textContent = opts.messageOf ? opts.messageOf(e) : e instanceof Error ? e.message : String(e);
      })
      .finally(() => (submit.disabled = false));
  });
  return form;
}
