import { describe, expect, it } from 'vitest';
import { apiRequest, toNfc } from '../../kiosk/src/lib/api';

describe('kiosk api: request bodies are sent in NFC (the server refuses other text)', () => {
  it('normalizes every string and member name, deep, and leaves other values alone', () => {
    const decomposed = 'Zhang e\u0301'; // e + COMBINING ACUTE ACCENT
    const body = { name: decomposed, list: [decomposed, 1, true, null], nested: { ['cafe\u0301']: decomposed } };
    expect(toNfc(body)).toEqual({ name: 'Zhang \u00e9', list: ['Zhang \u00e9', 1, true, null], nested: { ['caf\u00e9']: 'Zhang \u00e9' } });
  });

  it('puts the normalized text on the wire', async () => {
    let sent = '';
    const fetchFn = async (_: string, init?: RequestInit) => {
      sent = String(init?.body);
      return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
    };
    await apiRequest(fetchFn, '/api/x', { method: 'POST', body: { reason: 'A\u030a' } });
    expect(sent).toBe('{"reason":"\u00c5"}');
  });
});
