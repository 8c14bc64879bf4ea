import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localCredentials, localRegion } from '../../local/dynamodb.ts';
import { startLocalS3 } from '../../local/s3.ts';
import { createS3FileStore, s3ClientOptions } from '../../shared/adapters/s3/file-store.ts';

const logger = { info: () => {}, error: () => {} };

/** A raw request, so that the path goes out exactly as written (fetch would normalize `..`). */
const rawRequest = (endpoint: string, method: string, path: string) =>
  new Promise<number>((resolve, reject) => {
    const url = new URL(endpoint);
    const req = request({ host: url.hostname, port: url.port, method, path }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });

describe('local S3 emulation', () => {
  let dataDir = '';
  let s3: Awaited<ReturnType<typeof startLocalS3>>;
  let store: ReturnType<typeof createS3FileStore>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'csms-s3-'));
    s3 = await startLocalS3({ dataDir, host: '127.0.0.1', logger });
    // The adapter the runtime uses, pointed at the emulation as the composition root does.
    store = createS3FileStore(
      new S3Client({ region: localRegion, credentials: localCredentials, ...s3ClientOptions(s3.endpoint) }),
      'csms-files',
    );
  });

  afterAll(async () => {
    await s3.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('takes a PUT to a presigned upload URL and serves it at the presigned download URL', async () => {
    // Prepare
    const body = Buffer.from('diagnostics archive \u00e9\u0000\u00ff');
    const key = 'tenant-a/chargers/cp-1/diagnostics/01J.zip';

    // Act
    const put = await fetch(await store.uploadUrl(key, 3600), { method: 'PUT', body });
    const get = await fetch(await store.downloadUrl(key, 600));

    // Assess
    expect(put.status).toBe(200);
    expect(get.status).toBe(200);
    expect(Buffer.from(await get.arrayBuffer())).toEqual(body);
    expect(readFileSync(join(dataDir, 'files', 'csms-files', ...key.split('/')))).toEqual(body);
  });

  it('replaces an object uploaded again', async () => {
    // Prepare
    const key = 'tenant-a/firmware/01J/fw.bin';
    await fetch(await store.uploadUrl(key, 60), { method: 'PUT', body: 'first' });

    // Act
    await fetch(await store.uploadUrl(key, 60), { method: 'PUT', body: 'second' });
    const get = await fetch(await store.downloadUrl(key, 60));

    // Assess
    expect(await get.text()).toBe('second');
  });

  it('answers 404 NoSuchKey for a missing object', async () => {
    // Act
    const get = await fetch(await store.downloadUrl('tenant-a/missing.zip', 60));

    // Assess
    expect(get.status).toBe(404);
    expect(await get.text()).toContain('<Code>NoSuchKey</Code>');
  });

  it.each([
    '/csms-files/../../secret.txt',
    '/csms-files/%2e%2e/%2e%2e/secret.txt',
    '/csms-files/..%2F..%2Fsecret.txt',
    '/..%2Fsecret.txt/x',
  ])('never serves a file outside its root: %s', async (path) => {
    // Prepare
    writeFileSync(join(dataDir, 'secret.txt'), 'secret');

    // Act
    const status = await rawRequest(s3.endpoint, 'GET', path);

    // Assess
    expect(status).not.toBe(200);
    expect([400, 404]).toContain(status);
  });

  it.each([
    ['an encoded separator', 'PUT', '/csms-files/a%2F..%2F..%2Fx'],
    ['a bucket without a key', 'PUT', '/csms-files'],
  ])('refuses %s', async (_, method, path) => {
    // Act
    const status = await rawRequest(s3.endpoint, method, path);

    // Assess
    expect(status).toBe(400);
  });

  it('refuses other methods', async () => {
    // Act
    const status = await rawRequest(s3.endpoint, 'DELETE', '/csms-files/tenant-a/x');

    // Assess
    expect(status).toBe(405);
  });

  it('keeps objects across a restart on the same data dir', async () => {
    // Prepare
    const key = 'tenant-a/chargers/cp-2/diagnostics/keep.zip';
    await fetch(await store.uploadUrl(key, 60), { method: 'PUT', body: 'kept' });
    const again = await startLocalS3({ dataDir, host: '127.0.0.1', logger });

    // Act
    const get = await fetch(`${again.endpoint}/csms-files/${key}`);

    // Assess
    expect(await get.text()).toBe('kept');
    await again.close();
  });
});
