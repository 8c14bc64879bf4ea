import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Logger } from './websocket-gateway.ts';

/**
 * The part of S3 chargers use: PUT and GET of an object through a presigned URL, path-style
 * (`http://host:port/<bucket>/<key>?X-Amz-...`). Objects are files under `<dataDir>/files/<bucket>/<key>`, so
 * they survive a restart like the table does. The signature is not checked and the query string is ignored:
 * anything that can reach the loopback port may read and write. The S3 file store adapter presigns for this
 * endpoint exactly as for S3.
 *
 * Why not s3rver (checked with s3rver 3.7.1, presigned by @aws-sdk/s3-request-presigner as the adapter does):
 * it serves these PUT and GET URLs, but it does not check SigV4 query signatures either (a tampered
 * `X-Amz-Signature`, or a PUT URL used for a GET, is accepted; jamhall/s3rver#659), so it would protect nothing
 * more than this file. It wants its own access key (`S3RVER`), so the local runtime's credentials would differ per
 * service. Its last release is 3.7.1 (2021), and it brings koa, winston, lodash and busboy 0.3 with dicer 0.3.0
 * (a crash on a malformed multipart body, CVE-2022-24434, never fixed in dicer) and fast-xml-parser 3 (advisories
 * fixed only in 4.x): a large, unmaintained tree for the two verbs chargers use.
 */

/** Largest object accepted (diagnostics archives, firmware images). */
export const maxLocalObjectBytes = 512 * 1024 * 1024;

const xmlError = (res: ServerResponse, status: number, code: string, message: string) => {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  );
};

/** `/<bucket>/<key>` → the file, or undefined for a path that is not an object or escapes the root. */
const objectPath = (root: string, pathname: string): string | undefined => {
  const segments = pathname.split('/').slice(1).map(decodeURIComponent);
  if (
    segments.length < 2 ||
    segments.some((segment) => segment === '' || segment === '.' || segment === '..')
  )
    return undefined;
  if (segments.some((segment) => segment.includes('/') || segment.includes('\\') || segment.includes('\0')))
    return undefined;
  const path = join(root, ...segments);
  return path.startsWith(root + sep) ? path : undefined;
};

export const startLocalS3 = async (options: {
  dataDir: string;
  host: string;
  port?: number;
  logger: Logger;
}) => {
  const root = resolve(options.dataDir, 'files');
  await mkdir(root, { recursive: true });

  const put = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxLocalObjectBytes) return xmlError(res, 400, 'EntityTooLarge', 'object too large');
    await mkdir(dirname(path), { recursive: true });
    // Written aside and renamed: a reader never sees half an object.
    const partial = `${path}.${process.pid}.${Date.now()}.part`;
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxLocalObjectBytes) req.destroy(new Error('object too large'));
    });
    try {
      await pipeline(req, createWriteStream(partial));
      await rename(partial, path);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    res.writeHead(200, { etag: `"${size}-${Date.now()}"` });
    res.end();
  };

  const get = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    const found = await stat(path).catch(() => undefined);
    if (!found?.isFile()) return xmlError(res, 404, 'NoSuchKey', 'The specified key does not exist.');
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': String(found.size),
      'last-modified': found.mtime.toUTCString(),
    });
    if (req.method === 'HEAD') return res.end();
    await pipeline(createReadStream(path), res);
  };

  const server = createServer((req, res) => {
    const path = objectPath(root, new URL(req.url ?? '/', 'http://local').pathname);
    const handling = !path
      ? Promise.resolve(xmlError(res, 400, 'InvalidRequest', 'expected /<bucket>/<key>'))
      : req.method === 'PUT'
        ? put(req, res, path)
        : req.method === 'GET' || req.method === 'HEAD'
          ? get(req, res, path)
          : Promise.resolve(xmlError(res, 405, 'MethodNotAllowed', 'only PUT, GET and HEAD'));
    handling.catch((error: unknown) => {
      options.logger.error('local S3 request failed', error);
      if (!res.headersSent) xmlError(res, 500, 'InternalError', 'internal error');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://${options.host}:${port}`,
    async close(): Promise<void> {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
};
