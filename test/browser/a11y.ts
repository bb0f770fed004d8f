/**
 * Issue 17, point 7: accessibility checked in the browser. axe-core (from node_modules, no
 * network) must find no violation of any rule it runs by default (WCAG 2.0/2.1/2.2 A and AA and
 * its best practices), and every control of the console must offer a target of at least
 * 44 × 44 CSS px (WCAG 2.5.5), its label counting as part of it, as a click on the label works it.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export async function expectNoAxeViolations(page: Page, context: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const found = violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(' | ')}`);
  expect(found, `axe-core on ${context}`).toEqual([]);
}

export const MIN_TARGET = 44;

/** Visible controls smaller than 44 × 44 px (with their label), as "selector w×h" strings. */
export async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate((min) => {
    const controls = document.querySelectorAll<HTMLElement>('a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [tabindex]:not([tabindex="-1"])');
    const small: string[] = [];
    for (const el of controls) {
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
      // A label wrapping or naming the control is part of its target (a click on it works the control).
      const labels = 'labels' in el && (el as HTMLInputElement).labels ? [...(el as HTMLInputElement).labels!] : [];
      const boxes = [box, ...labels.map((l) => l.getBoundingClientRect())];
      const ok = boxes.some((b) => b.width >= min - 0.5 && b.height >= min - 0.5);
      if (!ok) {
        const name = el.id ? `#${el.id}` : `${el.tagName.toLowerCase()}${el.getAttribute('name') ? `[name=${el.getAttribute('name')}]` : ''}${el.className ? `.${String(el.className).split(' ')[0]}` : ''} "${(el.textContent ?? '').trim().slice(0, 20)}"`;
        small.push(`${name} ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
    }
    return small;
  }, MIN_TARGET);
}

export async function expectLargeTargets(page: Page, context: string): Promise<void> {
  expect(await smallTargets(page), `targets under ${MIN_TARGET} px on ${context}`).toEqual([]);
}
