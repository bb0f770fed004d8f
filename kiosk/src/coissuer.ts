/**
 * The discipline commission's co-issuer in the inspector's browser (/coissuer/, docs/coissuance.md):
 * the same loop as `sealvote coissue run` (src/coissuer/driver.ts), with the key imported once
 * into non-extractable WebCrypto keys in IndexedDB (lib/coissuer-keys.ts) and the co-issuer's
 * state there too. The officer confirms each person who signs in; the page co-signs only for them.
 */
import { coissuerFingerprint } from '../../crypto/coissuer-statements';
import { Coissuer, CoissuerApiError, type CoissuerApi, type CoissuerEvent, type WorkView } from '../../src/coissuer/driver';
import type { CoissuerState } from '../../src/coissuer/state';
import { ApiError, apiRequest, browserFetch, type RequestOptions } from './lib/api';
import { ballotClassWord } from './lib/ballot-class-word';
import { importCoissuerKeyFile, webCryptoKeys, type StoredCoissuerKey } from './lib/coissuer-keys';
import { byId, clear, h } from './lib/dom';
import { officerSignInForm, type SignedIn } from './lib/officer-signin';
import { IdbStore } from './lib/store';
import { initLang, isMessageKey, mountLangSwitch, onLangChange, t, type MessageKey } from './i18n';

interface Officer {
  displayName: string;
  role: string;
}

const SIGNED_IN = 'sealvote.console.signedIn';
const KEY_FILE_MAX_BYTES = 1024;
const KEY_SLOT = 'coissuer-key';

async function startPage(): Promise<void> {
  initLang();
  mountLangSwitch(byId<HTMLButtonElement>('lang'));
  const store = await IdbStore.open('sealvote-coissuer');
  let officer: Officer | null = null;
  let csrf = '';
  let key: StoredCoissuerKey | null = (await store.get<StoredCoissuerKey>(KEY_SLOT)) ?? null;
  let coissuer: Coissuer | null = null;
  let running: Promise<void> | null = null;
  let view: WorkView | null = null;
  let waiting = new Set<string>();
  const log: Array<{ key: MessageKey; params: Record<string, string | number> }> = [];

  const say = (m: string) => (byId('live').textContent = m);
  const messageOf = (e: unknown): string => {
    if (e instanceof ApiError || e instanceof CoissuerApiError) return e.message;
    return e instanceof Error ? e.message : String(e);
  };
  const api = <T>(path: string, opts: RequestOptions = {}) => {
    const write = opts.method && opts.method !== 'GET';
    return apiRequest<T>(browserFetch, path, { credentials: 'same-origin', ...opts, ...(write ? { csrf } : {}) });
  };
  const coissuerApi: CoissuerApi = async (method, path, body) => {
    try {
      return await api<unknown>(path, { method, ...(body === undefined ? {} : { body }) });
    } catch (e) {
      if (e instanceof ApiError) throw new CoissuerApiError(e.status, e.problem.code, e.message);
      throw e;
    }
  };

  // ---- sign-in

  const renderSignIn = () => {
    const box = byId('signin-form');
    clear(box);
    box.append(
      officerSignInForm((username, password) => api<SignedIn<Officer>>('/api/auth/login', { method: 'POST', body: { username, password } }), signedIn, messageOf),
    );
  };

  const signedIn = async (o: Officer, token: string) => {
    sessionStorage.setItem(SIGNED_IN, '1');
    officer = o;
    csrf = token;
    byId('who').textContent = t('console.whoami', { name: o.displayName, role: t(`role.${o.role}` as MessageKey) });
    byId('logout').hidden = false;
    byId('signin').hidden = true;
    byId('key').hidden = false;
    paintKey();
    const meetings = (await api<{ meetings: Array<{ id: string; date: string; title: string; status: string }> }>('/api/meetings')).meetings.filter((m) => m.status !== 'closed');
    const select = byId<HTMLSelectElement>('meeting-select');
    clear(select);
    const wanted = new URLSearchParams(location.search).get('meeting');
    for (const m of meetings) select.append(h('option', { value: m.id, selected: m.id === wanted }, `${m.date} ${m.title} (${t(`meeting.status.${m.status}` as MessageKey)})`));
  };

  // ---- the key

  const paintKey = () => {
    const keyStatus = byId('key-status');
    clear(keyStatus);
    if (key) keyStatus.append(t('coissuer.key.held'), ' ', h('code', {}, key.name));
    else keyStatus.append(t('coissuer.key.none'));
    byId('key-fingerprint').textContent = key ? coissuerFingerprint(key.verifierKey) : '—';
    byId('key-forget').hidden = !key || coissuer !== null;
    byId<HTMLInputElement>('key-file').disabled = coissuer !== null;
    byId('meeting').hidden = !key || !officer || coissuer !== null;
  };

  const importKey = async (file: File) => {
    byId('key-error').textContent = '';
    let bytes: Uint8Array | null = null;
    try {
      if (file.size > KEY_FILE_MAX_BYTES) throw new Error('not a key file (too large)');
      bytes = new Uint8Array(await file.arrayBuffer());
      const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      key = await importCoissuerKeyFile(text);
      await store.put(KEY_SLOT, key);
    } catch (e) {
      byId('key-error').textContent = t('coissuer.key.failed', { message: messageOf(e) });
    } finally {
      bytes?.fill(0);
      byId<HTMLInputElement>('key-file').value = '';
    }
    paintKey();
  };

  // ---- running

  const status = (k: MessageKey, params: Record<string, string | number> = {}) => {
    const el = byId('run-status');
    el.textContent = t(k, params);
    el.dataset.status = k.split('.').pop()!;
  };

  const nameOf = (person: string) => view?.roster.find((r) => r.person === person)?.name ?? person;

  const paintLog = () => {
    const ol = byId('log');
    clear(ol);
    for (const entry of log.slice(-50).reverse()) ol.append(h('li', {}, t(entry.key, entry.params)));
  };

  const paintRoster = () => {
    if (!view || !coissuer) return;
    const state: CoissuerState = coissuer.state;
    const body = byId('roster').querySelector('tbody')!;
    clear(body);
    const signedIn = new Set(view.signedIn);
    for (const r of view.roster) {
      if (r.excused) continue;
      const decision = state.presence[r.person];
      const label = decision === 'present' ? 'coissuer.decision.present' : decision === 'absent' ? 'coissuer.decision.absent' : waiting.has(r.person) ? 'coissuer.decision.waiting' : 'coissuer.decision.none';
      const act = (which: 'confirm' | 'absent') =>
        h(
          'button',
          {
            type: 'button',
            class: which === 'confirm' ? 'primary' : 'secondary',
            'data-action': which,
            onclick: () => {
              const run = which === 'confirm' ? coissuer!.confirm(r.person) : coissuer!.absent(r.person);
              void run.then(paintRoster).catch((e: unknown) => status('coissuer.status.offline', { message: messageOf(e) }));
            },
          },
          t(which === 'confirm' ? 'coissuer.confirm' : 'coissuer.markAbsent'),
        );
      body.append(
        h(
          'tr',
          { 'data-person': r.person, 'data-decision': decision ?? 'none', 'data-signed-in': String(signedIn.has(r.person)) },
          h('td', {}, `${r.name}（${r.unit} ${r.title}）`),
          h('td', {}, t(ballotClassWord(r, view.committee.kind))),
          h('td', {}, t(signedIn.has(r.person) ? 'coissuer.signedIn.yes' : 'coissuer.signedIn.no')),
          h('td', { class: 'decision' }, t(label)),
          h('td', { class: 'actions' }, decision !== 'present' ? act('confirm') : null, decision !== 'absent' ? act('absent') : null),
        ),
      );
    }
  };

  const onEvent = (e: CoissuerEvent) => {
    switch (e.type) {
      case 'connected':
        status('coissuer.status.connected', { title: e.meeting.title });
        return;
      case 'offline':
        status('coissuer.status.offline', { message: e.message });
        return;
      case 'fatal':
        status('coissuer.status.fatal', { message: e.message });
        return;
      case 'keys':
        log.push({ key: 'coissuer.event.keys', params: { count: e.count } });
        break;
      case 'answered':
        log.push({ key: 'coissuer.event.answered', params: { name: nameOf(e.person) } });
        break;
      case 'refused': {
        const k = `coissuer.refusal.${e.reason}`;
        log.push({ key: 'coissuer.event.refused', params: { name: nameOf(e.person), reason: isMessageKey(k) ? t(k) : e.reason } });
        break;
      }
      case 'roll':
        log.push({ key: e.matchesService ? 'coissuer.event.roll' : 'coissuer.event.rollDiffers', params: { round: e.round, klass: e.class, issued: e.issued } });
        break;
      case 'work':
        view = e.view;
        waiting = new Set(e.waiting.map((w) => w.person));
        if (byId('run-status').dataset.status !== 'connected') status('coissuer.status.connected', { title: e.view.meeting.title });
        paintRoster();
        return;
    }
    paintLog();
    say(t(log.at(-1)!.key, log.at(-1)!.params));
  };

  const start = async () => {
    const meetingId = byId<HTMLSelectElement>('meeting-select').value;
    if (!meetingId || !key) return;
    byId('meeting-error').textContent = '';
    coissuer = new Coissuer({
      api: coissuerApi,
      meetingId,
      keys: webCryptoKeys(key),
      store: {
        load: async () => (await store.get<CoissuerState>(`state:${meetingId}`)) ?? null,
        save: (s) => store.put(`state:${meetingId}`, s),
      },
      onEvent,
    });
    try {
      await coissuer.init();
    } catch (e) {
      coissuer = null;
      byId('meeting-error').textContent = messageOf(e);
      return;
    }
    byId('run').hidden = false;
    byId('run-fingerprint').textContent = coissuerFingerprint(key.verifierKey);
    status('coissuer.status.connecting');
    paintKey();
    running = coissuer.run();
  };

  const stop = async () => {
    coissuer?.stop();
    await running;
    status('coissuer.status.stopped');
    coissuer = null;
    running = null;
    paintKey();
  };

  onLangChange(() => {
    if (!officer) renderSignIn();
    paintKey();
    paintRoster();
    paintLog();
  });
  renderSignIn();
  paintKey();
  byId<HTMLInputElement>('key-file').addEventListener('change', () => {
    const file = byId<HTMLInputElement>('key-file').files?.[0];
    if (file) void importKey(file);
  });
  byId('key-forget').addEventListener('click', () => {
    void store.delete(KEY_SLOT).then(() => {
      key = null;
      paintKey();
    });
  });
  byId('start').addEventListener('click', () => void start());
  byId('stop').addEventListener('click', () => void stop());
  byId('logout').addEventListener('click', () => {
    void stop().finally(() => void api('/api/auth/logout', { method: 'POST', body: {} }).finally(() => location.reload()));
  });
  if (sessionStorage.getItem(SIGNED_IN) === '1') {
    try {
      const s = await api<{ officer: Officer; csrfToken: string }>('/api/auth/session');
      await signedIn(s.officer, s.csrfToken);
    } catch {
      sessionStorage.removeItem(SIGNED_IN);
    }
  }
}

if (typeof document !== 'undefined' && document.body?.dataset.page === 'coissuer') {
  void startPage().catch((e: unknown) => {
    const alert = document.getElementById('alert');
    if (alert) {
      alert.hidden = false;
      alert.textContent = String(e instanceof Error ? e.message : e);
    }
  });
}
