import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors';
import { problemFromError } from '../../src/http/problem';

describe('problemFromError', () => {
  it.each([
    ['better-sqlite3 disk full', Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })],
    ['better-sqlite3 I/O error', Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' })],
    ['D1 overloaded', new Error('D1_ERROR: D1 DB is overloaded. Requests queued for too long.')],
    ['D1 network', new Error('D1_ERROR: Network connection lost.')],
    ['drizzle wrapping a D1 failure', new Error('Failed query: insert into ...', { cause: new Error('D1_ERROR: storage operation exceeded timeout') })],
  ])('maps %s to 503 storage_unavailable', (_name, err) => {
    expect(problemFromError(err)).toMatchObject({ status: 503, code: 'storage_unavailable' });
  });

  it('maps an unknown failure to 500 without its message', () => {
    const problem = problemFromError(new Error('secret detail'));
    expect(problem).toMatchObject({ status: 500, code: 'internal' });
    expect(JSON.stringify(problem)).not.toContain('secret detail');
  });

  it('keeps an AppError its own code, detail and extensions', () => {
    const problem = problemFromError(new AppError('nominee_barred', 'barred', { liftsOn: '2027-03-02' }));
    expect(problem).toMatchObject({ status: 422, code: 'nominee_barred', detail: 'barred', liftsOn: '2027-03-02' });
  });
});
