import { GetObjectCommand, PutObjectCommand, type S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { FileStore } from '../../slices/firmware/ports.ts';

/**
 * Options of the S3 client this store presigns with. Since 3.729 the SDK adds a CRC32 checksum of the body to
 * PutObject — of the empty body it has at signing time, which a presigned URL would then demand of every
 * upload — so checksums only when the operation requires one (downloads then carry no checksum mode either).
 * With an endpoint (the local runtime's emulation of S3) buckets are addressed path-style:
 * `http://host:port/<bucket>/<key>`.
 */
export const s3ClientOptions = (endpoint?: string): Partial<S3ClientConfig> => ({
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
  ...(endpoint && { endpoint, forcePathStyle: true }),
});

/**
 * Presigned S3 URLs: PUT to upload, GET to download, no headers to send (no content type is signed). Signing
 * is local (no request to S3); a URL signed with the Lambda role's session credentials stops working when
 * those expire, whatever `expiresInSeconds` says (SigV4 allows at most 7 days).
 */
export const createS3FileStore = (s3: S3Client, bucket: string): FileStore => {
  const sign = async (command: PutObjectCommand | GetObjectCommand, expiresIn: number): Promise<string> => {
    if (!bucket) throw new Error('no files bucket configured (FILES_BUCKET)');
    return getSignedUrl(s3, command, { expiresIn });
  };
  return {
    uploadUrl: (key, expiresInSeconds) =>
      sign(new PutObjectCommand({ Bucket: bucket, Key: key }), expiresInSeconds),
    downloadUrl: (key, expiresInSeconds) =>
      sign(new GetObjectCommand({ Bucket: bucket, Key: key }), expiresInSeconds),
  };
};
