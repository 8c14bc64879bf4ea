import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { guardFrameSize } from '../../local/frame-guard.ts';

/** A masked client frame, as a browser or charger sends it. */
const frame = (payloadLength: number, fin = true): Buffer => {
  const lengthBytes =
    payloadLength < 126
      ? Buffer.from([0x80 | payloadLength])
      : payloadLength < 65536
        ? Buffer.from([0x80 | 126, payloadLength >> 8, payloadLength & 0xff])
        : Buffer.concat([
            Buffer.from([0x80 | 127]),
            (() => {
              const b = Buffer.alloc(8);
              b.writeBigUInt64BE(BigInt(payloadLength));
              return b;
            })(),
          ]);
  return Buffer.concat([
    Buffer.from([fin ? 0x81 : 0x01]),
    lengthBytes,
    Buffer.alloc(4, 7),
    Buffer.alloc(payloadLength, 1),
  ]);
};

const feed = (stream: Buffer, chunkSize: number, limit: number): number[] => {
  const socket = new PassThrough();
  const reported: number[] = [];
  guardFrameSize(socket, limit, (size) => reported.push(size));
  for (let offset = 0; offset < stream.length; offset += chunkSize)
    socket.emit('data', stream.subarray(offset, offset + chunkSize));
  return reported;
};

describe('guardFrameSize', () => {
  const limit = 32 * 1024;

  it.each([1, 2, 3, 7, 13, 1000, 1 << 20])(
    'lets frames within the limit pass, in chunks of %i bytes',
    (chunkSize) => {
      // Prepare
      const stream = Buffer.concat([frame(10), frame(200), frame(limit, false), frame(limit), frame(0)]);

      // Act
      const reported = feed(stream, chunkSize, limit);

      // Assess
      expect(reported).toEqual([]);
    },
  );

  it.each([1, 5, 4096])(
    'reports the first frame over the limit after smaller ones, in chunks of %i bytes',
    (chunkSize) => {
      // Prepare
      const stream = Buffer.concat([frame(125), frame(126), frame(limit + 1), frame(limit + 2)]);

      // Act
      const reported = feed(stream, chunkSize, limit);

      // Assess
      expect(reported).toEqual([limit + 1]);
    },
  );

  it('reads 64-bit lengths', () => {
    // Act
    const reported = feed(frame(70_000), 65_536, limit);

    // Assess
    expect(reported).toEqual([70_000]);
  });
});
