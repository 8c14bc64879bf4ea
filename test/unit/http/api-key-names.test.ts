import { describe, expect, it } from 'vitest';
import { createTenant } from '../../../shared/slices/tenancy/tenants.ts';
import { callApi } from '../../support/api-handler-call.ts';
import { createTestDependencies } from '../../support/test-dependencies.ts';

/** An admin key of a fresh tenant, as the API sees it. */
const givenAdmin = async () => {
  const deps = await createTestDependencies();
  const { tenantId, keyId } = await createTenant(deps, { name: 'Acme', actor: 'platform-admin' });
  return { deps, admin: { tenantId, keyId, role: 'admin' as const } };
};

describe('API key names', () => {
  it('takes a name, trimmed, and shows it in the create answer, the listing and rotation', async () => {
    // Prepare
    const { deps, admin } = await givenAdmin();

    // Act
    const created = await callApi(deps, admin, {
      method: 'POST',
      route: '/v1/api-keys',
      body: { role: 'viewer', name: '  billing export  ' },
    });
    const listed = await callApi(deps, admin, { method: 'GET', route: '/v1/api-keys' });
    const rotated = await callApi(deps, admin, {
      method: 'POST',
      route: '/v1/api-keys/{keyId}/rotate',
      path: { keyId: created.body.keyId },
    });

    // Assess
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      keyId: expect.any(String),
      apiKey: expect.any(String),
      role: 'viewer',
      name: 'billing export',
    });
    expect(listed.body.items.map((key: { name?: string }) => key.name)).toEqual([
      undefined,
      'billing export',
    ]);
    expect(rotated.body.name).toBe('billing export');
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['longer than 100 characters', 'x'.repeat(101)],
    ['not a string', 42],
  ])('refuses a name that is %s', async (_, name) => {
    // Prepare
    const { deps, admin } = await givenAdmin();

    // Act
    const created = await callApi(deps, admin, {
      method: 'POST',
      route: '/v1/api-keys',
      body: { role: 'viewer', name },
    });

    // Assess
    expect(created.status).toBe(400);
    expect(created.body.error.message).toMatch(/^body\.name: /);
  });

  it('is in the OpenAPI document, in the request and both answers', async () => {
    // Prepare
    const { deps, admin } = await givenAdmin();

    // Act
    const document = await callApi(deps, admin, { method: 'GET', route: '/v1/openapi.json' });

    // Assess
    const post = document.body.paths['/v1/api-keys'].post;
    const list = document.body.paths['/v1/api-keys'].get;
    expect(post.requestBody.content['application/json'].schema.properties.name).toMatchObject({
      type: 'string',
      minLength: 1,
      maxLength: 100,
    });
    const created = post.responses['201'].content['application/json'].schema;
    const listed = list.responses['200'].content['application/json'].schema;
    expect(created.$defs.IssuedApiKey.properties.name).toEqual({ type: 'string' });
    expect(JSON.stringify(listed.$defs.ApiKey.properties.name)).toBe('{"type":"string"}');
  });
});
