import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../support/app';

let t: TestApp;
afterEach(() => t?.close());

const OPERATIONS = [
  ['post', '/api/auth/login'],
  ['post', '/api/auth/logout'],
  ['get', '/api/auth/session'],
  ['post', '/api/officers'],
  ['get', '/api/officers'],
  ['post', '/api/committees'],
  ['get', '/api/policies'],
  ['get', '/api/committees/{id}'],
  ['post', '/api/committees/{id}/persons'],
  ['patch', '/api/persons/{id}'],
  ['post', '/api/committees/{id}/posts'],
  ['post', '/api/committees/{id}/nominees'],
  ['post', '/api/meetings'],
  ['get', '/api/meetings/{id}'],
  ['post', '/api/meetings/{id}/excusals'],
  ['post', '/api/meetings/{id}/items'],
  ['patch', '/api/items/{id}'],
  ['delete', '/api/items/{id}'],
  ['post', '/api/meetings/{id}/slips'],
  ['post', '/api/meetings/{id}/slips/{personId}/reissue'],
  ['get', '/api/committees/{id}/bars'],
  ['post', '/api/meetings/{id}/sign-in'],
  ['post', '/api/tablet/sign-out'],
  ['get', '/api/tablet/me'],
  ['post', '/api/meetings/{id}/attendees/{personId}/left'],
] as const;

describe('the API description', () => {
  it('documents every preparation operation in OpenAPI 3.1 from the same zod schemas, with roles', async () => {
    t = makeTestApp();
    const doc = await (await t.app.request('/api/openapi.json')).json();
    for (const [method, path] of OPERATIONS) {
      const op = doc.paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeDefined();
      expect(op['x-roles'], `${method} ${path}`).toBeInstanceOf(Array);
    }
    expect(doc.components.securitySchemes.sessionCookie).toEqual({ type: 'apiKey', in: 'cookie', name: 'sealvote_session' });
    const body = doc.paths['/api/committees'].post.requestBody.content['application/json'].schema;
    const schema = body.$ref ? doc.components.schemas[body.$ref.split('/').pop()] : body;
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties).sort()).toEqual(['barRule', 'issuance', 'kind', 'name', 'policies', 'standingCommitteeId', 'timeZone']);
  });

  it('serves a plain docs page listing the operations, with no script', async () => {
    t = makeTestApp();
    const res = await t.app.request('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).not.toMatch(/<script/i);
    for (const [method, path] of OPERATIONS) expect(html).toContain(`<code>${method.toUpperCase()}</code></td><td><code>${path}</code>`);
    expect(html).toContain('clerk, inspector');
  });
});
