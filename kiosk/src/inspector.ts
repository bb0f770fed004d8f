/**
 * The inspector's page (/inspector/): load a meeting record from the service or a file, run the
 * verifier in a Web Worker (verify-worker.ts, the same code as `sealvote verify`), show every
 * check, and cosign the tally hash with a department key file that never leaves the browser
 * (docs/inspector.md §3). A record is "filed" only with both cosignatures (R4).
 *
 * The pure parts (trusted keys, cosigning, hex grouping) are exported for the tests; the page
 * itself starts only inside /inspector/.
 */
import { parseCheckpoint } from '../../crypto/checkpoint';
import { bytesToHex } from '../../crypto/bytes';
import { cosign } from '../../crypto/cosignature';
import { SIG_TYPE_COSIGNATURE_V1, SIG_TYPE_ED25519, formatVerifierKey, parseNote, parseSignerKey, parseVerifierKey } from '../../crypto/signed-note';
import type { Department, KeyReport, MeetingRecord, TrustedKeys, VerifyReport } from '../../src/verifier';
import { parseRecordText } from '../../src/verifier/record';
import { parseTrustText } from '../../src/verifier/trust';
import { ApiError, apiRequest, browserFetch, type RequestOptions } from './lib/api';
import { officerSignInForm, type SignedIn } from './lib/officer-signin';
import { byId, clear, h } from './lib/dom';
import { PageError } from './lib/page-error';
import { problemText } from './lib/problem-text';
import { getLang, initLang, isMessageKey, mountLangSwitch, onLangChange, t, type MessageKey } from './i18n';
import type { VerifyRequest, VerifyResponse } from './verify-worker';

// ---------------------------------------------------------------- pure parts

/** A key file is one line (`sealvote keygen`); anything much larger is not one. */
export const KEY_FILE_MAX_BYTES = 1024;

/** Lowercase hex in groups of `width`, so two people can read a tally hash aloud and compare. */
export function groupHex(hex: string, width = 8): string {
  if (!/^[0-9a-f]*$/.test(hex)) throw new Error('not lowercase hex');
  return (hex.match(new RegExp(`.{1,${width}}`, 'g')) ?? []).join(' ');
}

/**
 * The keys the inspector pins (docs/inspector.md: "--service-key, --organization-key,
 * --discipline-key"); empty fields pin nothing. Throws on a malformed key or the wrong type:
 * a pin that silently pinned nothing would be worse than none.
 */
export function parseTrustedKeys(fields: { service?: string; organization?: string; discipline?: string; coissuer?: string }): TrustedKeys {
  const trusted: TrustedKeys = {};
  const service = fields.service?.trim();
  if (service) {
    if (keyType(service, 'service') !== SIG_TYPE_ED25519) throw new PageError('inspector.err.serviceKeyType');
    trusted.serviceKey = service;
  }
  for (const d of ['organization', 'discipline'] as const) {
    const key = fields[d]?.trim();
    if (!key) continue;
    if (keyType(key, d) !== SIG_TYPE_COSIGNATURE_V1) throw new PageError('inspector.err.departmentKeyType', { which: t(`inspector.trusted.${d}`) });
    (trusted.departments ??= {})[d] = key;
  }
  // docs/coissuance.md §2.1: the co-issuer's identity key, an Ed25519 note key like the service's.
  const coissuer = fields.coissuer?.trim();
  if (coissuer) {
    if (keyType(coissuer, 'coissuer') !== SIG_TYPE_ED25519) throw new PageError('inspector.err.coissuerKeyType');
    trusted.coissuerKey = coissuer;
  }
  return trusted;
}

/** The type of a pasted verifier key; a key that does not parse is named by its field. */
function keyType(key: string, which: 'service' | 'coissuer' | Department): number {
  try {
    return parseVerifierKey(key).type;
  } catch {
    throw new PageError('inspector.err.keyMalformed', { which: t(`inspector.trusted.${which}`) });
  }
}

/** The trusted-key fields from a trust file (sealvote-trust/v1, `sealvote trust`); throws on a bad file. */
export function trustFileFields(text: string): { service: string; organization: string; discipline: string; coissuer: string } {
  let trusted: TrustedKeys;
  try {
    trusted = parseTrustText(text);
  } catch {
    throw new PageError('inspector.err.trustFile');
  }
  return {
    service: trusted.serviceKey ?? '',
    organization: trusted.departments?.organization ?? '',
    discipline: trusted.departments?.discipline ?? '',
    coissuer: trusted.coissuerKey ?? '',
  };
}

/**
 * docs/inspector.md §3: only a record that verified in full, whose meeting ended, and that was
 * checked against a PINNED service key is cosigned (as `sealvote cosign` refuses without one:
 * a record re-sealed under another key must not be filed).
 */
export function cosignAllowed(report: VerifyReport | null | undefined): boolean {
  return !!report && report.ok && report.ended && report.tallyHash !== null && report.finalSize !== null && report.keys.service.pinned;
}

/** R4: the discipline commission files through its inspector, the organization department through its filer. */
export function departmentOfRole(role: string): Department | null {
  return role === 'inspector' ? 'discipline' : role === 'filer' ? 'organization' : null;
}

export interface CosignResult {
  /** The department whose registered key (in the record) this key is; null when neither. */
  department: Department | null;
  keyName: string;
  verifierKey: string;
  checkpointSize: number;
  /** The C2SP tlog-cosignature line to post to POST /api/meetings/:id/cosignatures. */
  line: string;
}

/**
 * Cosigns the final checkpoint of `record`, which `report` says verified. `keyFile` is the
 * bytes of the key file; it is overwritten with zeros before this returns, whatever happens
 * (a JS string copy cannot be wiped, only dropped: the caller keeps none).
 */
export function cosignRecord(record: MeetingRecord, report: VerifyReport, keyFile: Uint8Array, nowSeconds: number): CosignResult {
  let seed: Uint8Array | undefined;
  try {
    if (!cosignAllowed(report)) throw new PageError('inspector.err.cosignNotAllowed');
    const final = record.checkpoints[record.checkpoints.length - 1];
    if (record.meeting !== report.meeting || !final || final.size !== report.finalSize) {
      throw new PageError('inspector.err.reportMismatch');
    }
    const body = parseNote(final.note).text;
    // The tally hash the inspector saw is exactly what gets signed.
    if (bytesToHex(parseCheckpoint(body).rootHash) !== report.tallyHash) throw new PageError('inspector.err.reportMismatch');
    if (keyFile.length > KEY_FILE_MAX_BYTES) throw new PageError('inspector.err.keyFile');
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(keyFile).trim();
    } catch {
      throw new PageError('inspector.err.keyFile');
    }
    let key;
    try {
      key = parseSignerKey(text);
    } catch {
      // Never echo the content (or a parser's words about it): it is the department's secret.
      throw new PageError('inspector.err.keyFile');
    }
    seed = key.seed;
    if (key.type !== SIG_TYPE_COSIGNATURE_V1) throw new PageError('inspector.err.keyFileType');
    const verifierKey = formatVerifierKey(key);
    const line = cosign(body, text, nowSeconds);
    return {
      department: record.departments.find((d) => d.verifierKey === verifierKey)?.department ?? null,
      keyName: key.name,
      verifierKey,
      checkpointSize: final.size,
      line,
    };
  } finally {
    keyFile.fill(0);
    seed?.fill(0);
  }
}

// ---------------------------------------------------------------- the page

interface Officer {
  displayName: string;
  role: 'admin' | 'clerk' | 'presiding' | 'inspector' | 'filer';
}
interface MeetingRow {
  id: string;
  date: string;
  title: string;
  status: string;
}
interface FilingStatus {
  filed: boolean;
  cosignatures: Array<{ department: Department; checkpointSize: number; filedAt: number }>;
}
/** Where the record came from: a file name, or the service (null). */
type Source = { file: string | null };
interface Loaded {
  text: string;
  source: Source;
  report?: VerifyReport;
}

/** The console's flag: a tab that signed in there is signed in here (one cookie session). */
const SIGNED_IN = 'sealvote.console.signedIn';
const WORKER_URL = '/kiosk/verify-worker.js';

function startPage(): void {
  let officer: Officer | null = null;
  let csrf = '';
  let loaded: Loaded | null = null;
  let worker: Worker | null = null;
  let runId = 0;
  let cosigned: CosignResult | null = null;
  let meetings: MeetingRow[] = [];
  /** Lines this page filed; filing one again would only meet the service's 409. */
  const filedLines = new Set<string>();

  const input = <T extends HTMLElement = HTMLInputElement>(id: string) => byId<T>(id);
  const say = (m: string) => (byId('live').textContent = m);
  // Refusals in the page's language (issue 17): never the server's English detail.
  const messageOf = problemText;
  const api = <T>(path: string, opts: RequestOptions = {}) => {
    const write = opts.method && opts.method !== 'GET';
    return apiRequest<T>(browserFetch, path, { credentials: 'same-origin', ...opts, ...(write ? { csrf } : {}) });
  };

  // ---- sign-in

  const renderSignIn = () => {
    const box = byId('signin-form');
    clear(box);
    box.append(
      officerSignInForm((username, password) => api<SignedIn<Officer>>('/api/auth/login', { method: 'POST', body: { username, password } }), signedIn, messageOf),
    );
  };

  const paintWho = () => {
    byId('who').textContent = officer ? t('console.whoami', { name: officer.displayName, role: t(`role.${officer.role}` as MessageKey) }) : '';
  };

  const signedIn = async (o: Officer, token: string) => {
    sessionStorage.setItem(SIGNED_IN, '1');
    officer = o;
    csrf = token;
    paintWho();
    byId('logout').hidden = false;
    byId('signin').hidden = true;
    byId('load-note').hidden = true;
    if (o.role === 'admin') return; // the admin reads no record (routes: inspector, filer, presiding, clerk)
    // A draft meeting has no record yet.
    meetings = (await api<{ meetings: MeetingRow[] }>('/api/meetings')).meetings.filter((x) => x.status !== 'draft');
    paintMeetings(new URLSearchParams(location.search).get('meeting'));
    paintCosign();
    if (loaded?.report) await paintFiling(loaded.report.meeting);
  };

  const signedOut = () => {
    officer = null;
    csrf = '';
    sessionStorage.removeItem(SIGNED_IN);
    paintWho();
    byId('logout').hidden = true;
    byId('signin').hidden = false;
    byId('load-note').hidden = false;
    byId('service-load').hidden = true;
    byId('filing').hidden = true;
    renderSignIn();
    paintCosign();
  };

  const paintMeetings = (wanted: string | null) => {
    const select = input<HTMLSelectElement>('meeting-select');
    clear(select);
    for (const m of meetings) {
      select.append(h('option', { value: m.id, selected: m.id === wanted }, `${m.date} ${m.title} (${t(`meeting.status.${m.status}` as MessageKey)})`));
    }
    byId('service-load').hidden = !officer || meetings.length === 0;
    paintDownload();
  };

  const paintDownload = () => {
    const id = input<HTMLSelectElement>('meeting-select').value;
    const a = byId<HTMLAnchorElement>('download-record');
    a.hidden = !id;
    if (id) {
      a.href = `/api/meetings/${encodeURIComponent(id)}/record?download=1`;
      a.setAttribute('download', `sealvote-record-${id}.json`);
    }
  };

  // ---- loading and verifying

  /**
   * A full committee's record cites standing committee votes (docs/full-committee.md §4): their
   * records are fetched from the service too, and verified on their own in the worker. One that
   * cannot be fetched leaves its citation not checked, and the report says so.
   */
  const citedRecords = async (text: string): Promise<string[]> => {
    let meetings: string[] = [];
    try {
      const first = (JSON.parse(text) as { entries?: string[] }).entries?.[0] ?? '';
      const items = (JSON.parse(first.slice(first.indexOf('\n') + 1)) as { items?: Array<{ cites?: { meeting?: unknown } | null }> }).items ?? [];
      meetings = [...new Set(items.flatMap((i) => (typeof i.cites?.meeting === 'string' ? [i.cites.meeting] : [])))];
    } catch {
      return [];
    }
    const texts = await Promise.all(
      meetings.map((m) =>
        fetch(`/api/meetings/${encodeURIComponent(m)}/record`, { credentials: 'same-origin', headers: { accept: 'application/json' }, cache: 'no-store' })
          .then((r) => (r.ok ? r.text() : null))
          .catch(() => null),
      ),
    );
    return texts.filter((x): x is string => x !== null);
  };

  const showLoadError = (m: string, englishDetail?: string) => {
    const el = byId('load-error');
    el.textContent = m;
    if (englishDetail) el.append(h('span', { class: 'detail-en hint', lang: 'en' }, ` — ${englishDetail}`));
  };

  const verify = async (text: string, source: Source) => {
    showLoadError('');
    let trusted: TrustedKeys;
    try {
      trusted = parseTrustedKeys({
        service: input('trust-service').value,
        organization: input('trust-organization').value,
        discipline: input('trust-discipline').value,
        coissuer: input('trust-coissuer').value,
      });
    } catch (e) {
      showLoadError(t('inspector.trusted.invalid', { message: messageOf(e) }));
      return;
    }
    loaded = { text, source };
    cosigned = null;
    worker?.terminate();
    const id = ++runId;
    byId('report').hidden = true;
    byId('cosign').hidden = true;
    byId('progress-panel').hidden = false;
    setProgress('entries', 0);
    const w = new Worker(WORKER_URL, { type: 'module', name: 'sealvote-verifier' });
    worker = w;
    w.onmessage = (ev: MessageEvent<VerifyResponse>) => {
      const m = ev.data;
      if (m.id !== id) return;
      if (m.type === 'progress') return setProgress(m.phase, m.fraction);
      w.terminate();
      if (worker === w) worker = null;
      byId('progress-panel').hidden = true;
      if (m.type === 'report') {
        loaded = { text, source, report: m.report };
        paintReport(m.report, source);
      } else {
        loaded = null;
        // The parser's and verifier's words name fields and ids for whoever debugs: kept, marked English, after the sentence.
        showLoadError(t(m.type === 'unusable' ? 'inspector.unusable' : 'inspector.verifyFailed'), m.message);
      }
    };
    w.onerror = (ev) => {
      ev.preventDefault();
      byId('progress-panel').hidden = true;
      showLoadError(t('inspector.verifyFailed'), ev.message);
    };
    const request: VerifyRequest = { type: 'verify', id, text, trusted, cited: await citedRecords(text) };
    w.postMessage(request);
  };

  const setProgress = (phase: string, fraction: number) => {
    const key = `inspector.phase.${phase}`;
    const label = isMessageKey(key) ? t(key) : phase;
    const bar = byId<HTMLProgressElement>('progress');
    bar.value = fraction;
    bar.dataset.phase = phase;
    byId('progress-label').textContent = t('inspector.progress', { phase: label });
  };

  const loadFromService = async () => {
    const id = input<HTMLSelectElement>('meeting-select').value;
    if (!id) return;
    showLoadError('');
    say(t('inspector.load.reading'));
    const res = await fetch(`/api/meetings/${encodeURIComponent(id)}/record`, { credentials: 'same-origin', headers: { accept: 'application/json' }, cache: 'no-store' });
    const text = await res.text();
    if (!res.ok) {
      let problem: Record<string, unknown> = {};
      try {
        problem = JSON.parse(text) as Record<string, unknown>;
      } catch {
        problem = { title: text.slice(0, 200) };
      }
      if (res.status === 401) signedOut();
      throw new ApiError(res.status, problem);
    }
    void verify(text, { file: null });
  };

  const loadFromFile = async (file: File) => {
    say(t('inspector.load.reading'));
    void verify(await file.text(), { file: file.name });
  };

  // ---- the report

  const paintReport = (r: VerifyReport, source: Source) => {
    const verdict = byId('verdict');
    verdict.textContent = t(r.ok ? 'inspector.verdict.pass' : 'inspector.verdict.fail');
    verdict.className = `verdict ${r.ok ? 'pass' : 'fail'}`;
    verdict.dataset.ok = String(r.ok);
    const f = r.firstFailure;
    const detail = byId('verdict-detail');
    if (f) {
      // The check in the page's language, its id as code; the verifier's own detail (ids, counts) as the English twin.
      const titleKey = `check.${f.id}`;
      const title = isMessageKey(titleKey) ? t(titleKey) : f.title;
      const at = f.entry === undefined ? '' : `(${t('inspector.check.entry')} ${f.entry})`;
      const [before = '', after = ''] = t('inspector.verdict.failedAt', { check: '\u0000' }).split('\u0000');
      detail.replaceChildren(before, h('code', {}, f.id), ` ${title}${at}`, after, f.detail ? h('span', { class: 'detail-en hint', lang: 'en' }, ` — ${f.detail}`) : '');
    } else detail.textContent = r.ok ? '' : t('inspector.verdict.incomplete');
    detail.dataset.check = f?.id ?? '';
    byId('report-meeting').textContent = r.meeting;
    byId('report-source').textContent = source.file === null ? t('inspector.source.service') : t('inspector.source.file', { name: source.file });
    const tally = byId('tally-hash');
    tally.textContent = r.tallyHash ? groupHex(r.tallyHash) : t('inspector.tally.none');
    tally.classList.toggle('tally-hash', r.tallyHash !== null);
    tally.dataset.hex = r.tallyHash ?? '';
    const n = r.counts;
    byId('counts').textContent = t('inspector.counts', {
      entries: n.entries,
      checkpoints: n.checkpoints,
      items: n.items,
      votes: n.votes,
      tokens: n.tokensIssued,
      ballots: n.ballots,
      cosignatures: n.cosignatures,
    });
    const cosigners = byId('cosigners');
    clear(cosigners);
    if (r.cosigners.length === 0) cosigners.append(h('li', {}, t('inspector.cosigners.none')));
    for (const c of r.cosigners) {
      cosigners.append(
        h('li', { 'data-department': c.department }, `${t(`department.${c.department}`)} — `, h('code', {}, c.name), ` — ${new Date(c.time * 1000).toLocaleString(getLang())}`),
      );
    }
    byId('not-ended').hidden = r.ended;
    // docs/record-spec.md §6.1: a record sealed before committee policies is read under the rules of its time.
    byId('first-form').hidden = !r.firstForm;
    // docs/coissuance.md: who could issue tokens is part of what the tally means.
    const issuance = byId('issuance');
    clear(issuance);
    issuance.dataset.mode = r.issuance?.mode ?? '';
    if (r.issuance?.mode === 'service') issuance.append(t('inspector.issuance.service'));
    else if (r.issuance) {
      issuance.dataset.pinned = String(r.issuance.pinned);
      issuance.append(t('inspector.issuance.coissued'), h('code', {}, r.issuance.fingerprint), ` — ${t(r.issuance.pinned ? 'inspector.keys.pinned' : 'inspector.keys.fromFile')}`);
    }
    // Issue 14: "filed" only against pinned keys; otherwise say where the keys came from.
    const keysStatus = byId('keys-status');
    keysStatus.textContent = t(r.filed ? 'inspector.keys.filed' : r.keys.allPinned ? 'inspector.keys.allPinned' : 'inspector.keys.notPinned');
    keysStatus.dataset.filed = String(r.filed);
    keysStatus.dataset.pinned = String(r.keys.allPinned);
    const keys = byId('keys');
    clear(keys);
    const keyRow = (label: string, k: KeyReport | undefined, which: string) =>
      h(
        'li',
        { 'data-key': which, 'data-pinned': String(k?.pinned ?? false) },
        `${label}: `,
        k ? h('code', {}, k.fingerprint) : t('inspector.keys.none'),
        k ? ` — ${t(k.pinned ? 'inspector.keys.pinned' : 'inspector.keys.fromFile')}` : '',
      );
    keys.append(
      keyRow(t('inspector.trusted.service'), r.keys.service, 'service'),
      keyRow(t('inspector.trusted.organization'), r.keys.departments.organization, 'organization'),
      keyRow(t('inspector.trusted.discipline'), r.keys.departments.discipline, 'discipline'),
    );
    const body = byId('checks').querySelector('tbody')!;
    clear(body);
    for (const c of r.checks) {
      const key = `check.${c.id}`;
      body.append(
        h(
          'tr',
          { class: c.status, 'data-check': c.id, 'data-status': c.status },
          h('td', {}, h('code', {}, c.id)),
          h('td', {}, isMessageKey(key) ? t(key) : c.title),
          h('td', { class: 'status' }, t(`inspector.status.${c.status}`)),
          // 说明: a sentence in the page's language, then the verifier's own detail (ids, counts) as its English twin.
          h(
            'td',
            { class: 'detail' },
            h('span', {}, c.status === 'pass' ? t('inspector.detail.pass') : c.status === 'skipped' ? t('inspector.detail.skipped') : c.entry === undefined ? t('inspector.detail.fail') : t('inspector.detail.failAt', { entry: c.entry })),
            c.detail ? h('span', { class: 'detail-en hint', lang: 'en' }, ` — ${c.detail}`) : '',
          ),
          h('td', { class: 'num' }, c.entry === undefined ? '' : String(c.entry)),
        ),
      );
    }
    byId('report').hidden = false;
    byId('cosign').hidden = false;
    byId('cosign-result').hidden = true;
    byId('cosign-error').textContent = '';
    paintCosign();
    void paintFiling(r.meeting).catch((e: unknown) => say(messageOf(e)));
    verdict.focus();
    say(verdict.textContent);
  };

  const paintCosign = () => {
    const allowed = cosignAllowed(loaded?.report);
    byId('cosign-disabled').hidden = allowed;
    input('key-file').disabled = !allowed;
    input<HTMLButtonElement>('cosign-button').disabled = !allowed;
    const canFile = allowed && !!cosigned && !!officer && departmentOfRole(officer.role) !== null;
    byId('file-cosignature').hidden = !canFile || filedLines.has(cosigned?.line ?? '');
    byId('cosign-signin').hidden = canFile || !cosigned;
  };

  const paintFiling = async (meetingId: string) => {
    const box = byId('filing');
    if (!officer || officer.role === 'admin') {
      box.hidden = true;
      return;
    }
    const status = await api<FilingStatus>(`/api/meetings/${encodeURIComponent(meetingId)}/filing`);
    const line = byId('filing-status');
    line.textContent = t(status.filed ? 'inspector.filing.filed' : 'inspector.filing.notFiled');
    line.className = `filing ${status.filed ? 'filed' : 'not-filed'}`;
    line.dataset.filed = String(status.filed);
    const list = byId('filing-departments');
    clear(list);
    for (const d of ['organization', 'discipline'] as const) {
      const done = status.cosignatures.some((c) => c.department === d);
      list.append(h('li', { 'data-department': d, 'data-filed': String(done) }, `${t(`department.${d}`)}: ${t(done ? 'inspector.filing.done' : 'inspector.filing.missing')}`));
    }
    box.hidden = false;
  };

  const doCosign = async () => {
    const err = byId('cosign-error');
    err.textContent = '';
    const fileInput = input('key-file');
    const file = fileInput.files?.[0];
    if (!file) {
      err.textContent = t('inspector.cosign.needKey');
      return;
    }
    const current = loaded;
    if (!current?.report) return;
    let bytes: Uint8Array | null = null;
    try {
      if (file.size > KEY_FILE_MAX_BYTES) throw new PageError('inspector.err.keyFile');
      bytes = new Uint8Array(await file.arrayBuffer());
      cosigned = cosignRecord(parseRecordText(current.text), current.report, bytes, Math.floor(Date.now() / 1000));
    } catch (e) {
      cosigned = null;
      err.textContent = t('inspector.cosign.failed', { message: messageOf(e) });
    } finally {
      bytes?.fill(0);
      // Drop the File too: nothing of the key stays reachable from the page.
      fileInput.value = '';
    }
    byId('cosign-result').hidden = !cosigned;
    if (cosigned) {
      const department = cosigned.department ? t(`department.${cosigned.department}`) : cosigned.keyName;
      byId('cosign-line-label').textContent = t('inspector.cosign.line', { department });
      input<HTMLTextAreaElement>('cosign-line').value = cosigned.line;
      byId('cosign-warning').hidden = cosigned.department !== null;
    }
    paintCosign();
  };

  const fileCosignature = async () => {
    if (!cosigned || !officer || !loaded?.report) return;
    const department = cosigned.department ?? departmentOfRole(officer.role);
    if (!department) return;
    await api(`/api/meetings/${encodeURIComponent(loaded.report.meeting)}/cosignatures`, { method: 'POST', body: { department, line: cosigned.line } });
    filedLines.add(cosigned.line);
    say(t('inspector.cosign.filed'));
    await paintFiling(loaded.report.meeting);
  };

  // ---- wiring

  const guarded = (b: HTMLButtonElement, run: () => Promise<void>) =>
    b.addEventListener('click', () => {
      b.disabled = true;
      run()
        .catch((e: unknown) => {
          const alert = byId('alert');
          alert.hidden = false;
          alert.textContent = t('common.error', { message: messageOf(e) });
        })
        .finally(() => {
          b.disabled = false;
          paintCosign();
        });
    });

  const start = async () => {
    initLang();
    mountLangSwitch(byId<HTMLButtonElement>('lang'));
    onLangChange(() => {
      paintWho();
      if (!officer) renderSignIn();
      else paintMeetings(input<HTMLSelectElement>('meeting-select').value);
      if (loaded?.report) paintReport(loaded.report, loaded.source);
    });
    renderSignIn();
    paintCosign();
    input<HTMLSelectElement>('meeting-select').addEventListener('change', paintDownload);
    guarded(byId<HTMLButtonElement>('load-service'), loadFromService);
    input('record-file').addEventListener('change', () => {
      const file = input('record-file').files?.[0];
      if (file) void loadFromFile(file).catch((e: unknown) => showLoadError(t('common.error', { message: messageOf(e) })));
    });
    input('trust-file').addEventListener('change', () => {
      const file = input('trust-file').files?.[0];
      if (!file) return;
      void file
        .text()
        .then((text) => {
          const f = trustFileFields(text);
          input('trust-service').value = f.service;
          input('trust-organization').value = f.organization;
          input('trust-discipline').value = f.discipline;
          input('trust-coissuer').value = f.coissuer;
          showLoadError('');
          say(t('inspector.trusted.loaded'));
          // A record already on the page is verified again against the pins.
          if (loaded) void verify(loaded.text, loaded.source);
        })
        .catch((e: unknown) => showLoadError(t('inspector.trusted.invalid', { message: messageOf(e) })));
    });
    guarded(byId<HTMLButtonElement>('cosign-button'), doCosign);
    guarded(byId<HTMLButtonElement>('file-cosignature'), fileCosignature);
    byId('logout').addEventListener('click', () => {
      void api('/api/auth/logout', { method: 'POST', body: {} }).finally(signedOut);
    });
    // Ask for the session only when this tab signed in before: a 401 probe would be a console error.
    if (sessionStorage.getItem(SIGNED_IN) === '1') {
      try {
        const s = await api<{ officer: Officer; csrfToken: string }>('/api/auth/session');
        await signedIn(s.officer, s.csrfToken);
      } catch {
        sessionStorage.removeItem(SIGNED_IN);
      }
    }
  };
  void start();
}

if (typeof document !== 'undefined' && document.body?.dataset.page === 'inspector') startPage();
