/** A minimal client of the tenant API for tests: returns status and parsed JSON body. */
export const apiClient = (baseUrl: string, apiKey?: string) => {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(apiKey && { authorization: `Bearer ${apiKey}` }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    // biome-ignore lint/suspicious/noExplicitAny: test assertions read arbitrary response fields.
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: response.status, body: json, headers: response.headers };
  };
  return {
    call,
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown) => call('POST', path, body),
    put: (path: string, body?: unknown) => call('PUT', path, body),
    patch: (path: string, body?: unknown) => call('PATCH', path, body),
    delete: (path: string) => call('DELETE', path),
  };
};

/** Creates a tenant with the admin key and provisions chargers; returns what a charger needs to connect. */
export const provisionTenant = async (
  apiUrl: string,
  adminKey: string,
  chargerIds: string[],
  siteId?: string,
) => {
  const admin = apiClient(apiUrl, adminKey);
  const tenant = await admin.post('/v1/tenants', { name: `tenant-${Date.now()}` });
  if (tenant.status !== 201)
    throw new Error(`tenant creation failed: ${tenant.status} ${JSON.stringify(tenant.body)}`);
  const api = apiClient(apiUrl, tenant.body.apiKey);
  if (siteId) {
    const site = await api.post('/v1/sites', { siteId, name: siteId });
    if (site.status !== 201)
      throw new Error(`site creation failed: ${site.status} ${JSON.stringify(site.body)}`);
  }
  const chargers: Record<string, { password: string; ocppUrl: string }> = {};
  for (const chargerId of chargerIds) {
    const created = await api.post('/v1/chargers', { chargerId, ...(siteId && { siteId }) });
    if (created.status !== 201)
      throw new Error(`charger creation failed: ${created.status} ${JSON.stringify(created.body)}`);
    chargers[chargerId] = created.body;
  }
  return { tenantId: tenant.body.tenantId as string, apiKey: tenant.body.apiKey as string, api, chargers };
};
