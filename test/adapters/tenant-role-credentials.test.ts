import type { HttpRequest, HttpResponse } from '@smithy/types';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDependencies } from '../../shared/composition-root.ts';
import { readConfig } from '../../shared/config.ts';

const stsAnswer = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>
<Credentials><AccessKeyId>ASIATENANTA</AccessKeyId><SecretAccessKey>secret</SecretAccessKey>
<SessionToken>token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>
<AssumedRoleUser><AssumedRoleId>AROA:tenant-A</AssumedRoleId><Arn>arn:aws:sts::1:assumed-role/t/tenant-A</Arn></AssumedRoleUser>
</AssumeRoleResult></AssumeRoleResponse>`;

/** Answers STS AssumeRole and DynamoDB GetItem, and keeps what it was sent. */
const fakeAws = () => {
  const requests: { host: string; body: string; authorization: string }[] = [];
  const handler = {
    metadata: { handlerProtocol: 'http/1.1' },
    handle: async (request: HttpRequest): Promise<{ response: HttpResponse }> => {
      const body =
        typeof request.body === 'string' ? request.body : Buffer.from(request.body ?? '').toString();
      requests.push({ host: request.hostname, body, authorization: request.headers.authorization ?? '' });
      const sts = request.hostname.startsWith('sts.');
      return {
        response: {
          statusCode: 200,
          headers: { 'content-type': sts ? 'text/xml' : 'application/x-amz-json-1.0' },
          body: Buffer.from(sts ? stsAnswer : '{}'),
        },
      };
    },
    updateHttpClientConfig: () => undefined,
    httpHandlerConfigs: () => ({}),
    destroy: () => undefined,
  };
  return { handler, requests };
};

describe('tenant role credentials on AWS', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('assume the tenant role once per tenant with the tenant as session tag, and sign its requests with them', async () => {
    // Prepare: the function role's credentials, as Lambda sets them.
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAFUNCTION');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'function-secret');
    const aws = fakeAws();
    const deps = createDependencies({
      ...readConfig({
        AWS_REGION: 'eu-west-1',
        TABLE_NAME: 'csms',
        EVENT_BUS_NAME: 'bus',
        CONNECTIONS_ENDPOINT: 'https://example.test/ocpp',
        CALL_QUEUE_TIMER_URL: 'https://sqs.example.test/1/q',
        TENANT_ROLE_ARN: 'arn:aws:iam::123456789012:role/csms-tenant',
      }),
      sdkTransport: { requestHandlers: { dynamodb: aws.handler } },
    });

    // Act
    await deps.forTenant('A').chargers.getWithTenant('A', 'CP-1');
    await deps.forTenant('A').chargers.getWithTenant('A', 'CP-2');

    // Assess
    const sts = aws.requests.filter((request) => request.host.startsWith('sts.'));
    const dynamo = aws.requests.filter((request) => request.host.startsWith('dynamodb.'));
    expect(sts).toHaveLength(1);
    const params = new URLSearchParams(sts[0]!.body);
    expect(params.get('Action')).toBe('AssumeRole');
    expect(params.get('RoleArn')).toBe('arn:aws:iam::123456789012:role/csms-tenant');
    expect(params.get('RoleSessionName')).toBe('tenant-A');
    expect(params.get('Tags.member.1.Key')).toBe('tenant');
    expect(params.get('Tags.member.1.Value')).toBe('A');
    expect(sts[0]!.authorization).toContain('Credential=AKIAFUNCTION/');
    expect(dynamo).toHaveLength(2);
    for (const request of dynamo) expect(request.authorization).toContain('Credential=ASIATENANTA/');
  });
});
