/**
 * The checkpoint fingerprint as the room sees it (crypto/fingerprint.ts; docs/tablet-checks.md):
 * the projector shows it for the checkpoint the server publishes, each tablet for the latest
 * checkpoint it has verified itself. Equal strings mean the same signed log.
 */
import { hexToBytes } from '../../../crypto/bytes';
import { checkpointFingerprintAsync } from '../../../crypto/fingerprint';

const cache = new Map<string, Promise<string>>();

/** "14 · 7F3A2-C91E0" for a checkpoint; computed once per (size, root) on this page. */
export function fingerprintOf(size: number, rootHash: string): Promise<string> {
  const id = `${size}:${rootHash}`;
  let p = cache.get(id);
  if (!p) {
    p = checkpointFingerprintAsync(size, hexToBytes(rootHash, 32));
    cache.set(id, p);
  }
  return p;
}

/**
 * The projector's badge: the fingerprint of the checkpoint the server publishes now, and the
 * service key's id (asked once). The projector checks nothing itself: it is what the tablets,
 * which do check, are compared with.
 */
export function mountProjectorBadge(el: HTMLElement, meetingId: string, text: { badge: (fp: string) => string; key: (id: string) => string }): (checkpoint: { size: number; rootHash: string } | null) => void {
  let keyId = '';
  let shown = '';
  let last: { size: number; rootHash: string } | null = null;
  const paint = () => {
    const cp = last;
    if (!cp || !/^[0-9a-f]{64}$/.test(cp.rootHash)) {
      el.hidden = true;
      return;
    }
    const id = `${cp.size}:${cp.rootHash}`;
    shown = id;
    void fingerprintOf(cp.size, cp.rootHash).then((fp) => {
      if (shown !== id) return;
      el.hidden = false;
      el.dataset.checkpoint = id;
      const service = Object.assign(document.createElement('span'), { className: 'service-key' });
      if (keyId) service.append(' · ', ...withCode(text.key(keyId), keyId));
      el.replaceChildren(Object.assign(document.createElement('span'), { className: 'fingerprint', id: 'fingerprint', textContent: text.badge(fp) }), service);
    });
  };
  void fetch(`/api/meetings/${encodeURIComponent(meetingId)}/checkpoint`, { credentials: 'omit', headers: { accept: 'application/json' } })
    .then((r) => (r.ok ? (r.json() as Promise<{ key?: unknown }>) : null))
    .then((a) => {
      keyId = typeof a?.key === 'string' ? (a.key.split('+')[1] ?? '') : '';
      paint();
    })
    .catch(() => {});
  return (checkpoint) => {
    last = checkpoint;
    paint();
  };
}

/** `text` with `literal` (a key id, hex) set as code: an identifier, not words of the page's language. */
export function withCode(text: string, literal: string): Node[] {
  const at = literal ? text.indexOf(literal) : -1;
  if (at < 0) return [document.createTextNode(text)];
  const code = document.createElement('code');
  code.textContent = literal;
  return [document.createTextNode(text.slice(0, at)), code, document.createTextNode(text.slice(at + literal.length))];
}
