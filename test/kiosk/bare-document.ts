/**
 * setLang applies the language to the page (<html lang>, data-i18n elements); tests of texts
 * run without a DOM, and a bare stand-in of a document is enough for them.
 */
export function installBareDocument(): void {
  class BareDocument {
    documentElement = { lang: '' };
    querySelectorAll() {
      return [];
    }
  }
  Object.assign(globalThis, { Document: BareDocument, document: new BareDocument() });
}
