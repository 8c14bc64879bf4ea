import { S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createS3FileStore, s3ClientOptions } from '../../shared/adapters/s3/file-store.ts';

const s3Mock = mockClient(S3Client);
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

/** A client as the composition root builds it. */
const aClient = (endpoint?: string) =>
  new S3Client({ region: 'eu-west-1', credentials, ...s3ClientOptions(endpoint) });

beforeEach(() => {
  s3Mock.reset();
});

describe('S3 file store', () => {
  it('presigns an upload to the configured endpoint, path-style, with no checksum to match', async () => {
    // Prepare
    const store = createS3FileStore(aClient('http://127.0.0.1:4566'), 'csms-files');

    // Act
    const url = new URL(await store.uploadUrl('t1/chargers/cp-1/diagnostics/01J.zip', 3600));

    // Assess
    expect(`${url.origin}${url.pathname}`).toBe(
      'http://127.0.0.1:4566/csms-files/t1/chargers/cp-1/diagnostics/01J.zip',
    );
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('3600');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(
      /^AKIDEXAMPLE\/\d{8}\/eu-west-1\/s3\/aws4_request$/,
    );
    expect(url.searchParams.get('x-id')).toBe('PutObject');
    expect([...url.searchParams.keys()].filter((name) => /checksum/i.test(name))).toEqual([]);
  });

  it('presigns a download from S3 itself without an endpoint', async () => {
    // Prepare
    const store = createS3FileStore(aClient(), 'csms-files');

    // Act
    const url = new URL(await store.downloadUrl('t1/firmware/01J/fw-2.0.bin', 600));

    // Assess
    expect(`${url.origin}${url.pathname}`).toBe(
      'https://csms-files.s3.eu-west-1.amazonaws.com/t1/firmware/01J/fw-2.0.bin',
    );
    expect(url.searchParams.get('X-Amz-Expires')).toBe('600');
    expect(url.searchParams.get('x-id')).toBe('GetObject');
    expect([...url.searchParams.keys()].filter((name) => /checksum/i.test(name))).toEqual([]);
  });

  it('signs locally: no request reaches S3', async () => {
    // Prepare
    const store = createS3FileStore(aClient('http://127.0.0.1:4566'), 'csms-files');

    // Act
    await store.uploadUrl('t1/a', 60);
    await store.downloadUrl('t1/a', 60);

    // Assess
    expect(s3Mock.calls()).toHaveLength(0);
  });

  it('fails clearly without a bucket', async () => {
    // Prepare
    const store = createS3FileStore(aClient(), '');

    // Act & Assess
    await expect(store.uploadUrl('t1/a', 60)).rejects.toThrow('no files bucket configured (FILES_BUCKET)');
  });
});
