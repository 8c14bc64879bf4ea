import type { Duplex } from 'node:stream';

/**
 * Watches the raw byte stream of a WebSocket and reports the first frame whose payload exceeds the limit.
 * API Gateway limits frames to 32 KB (a larger message must be fragmented); `ws` only sees whole messages.
 * It reads frame headers only and skips payloads, so it costs next to nothing per byte.
 */
export const guardFrameSize = (
  socket: Duplex,
  maxFrameBytes: number,
  onOversized: (size: number) => void,
): void => {
  let header = Buffer.alloc(0);
  let skip = 0;
  let reported = false;
  socket.on('data', (chunk: Buffer) => {
    let offset = 0;
    while (!reported && offset < chunk.length) {
      if (skip > 0) {
        const skipped = Math.min(skip, chunk.length - offset);
        skip -= skipped;
        offset += skipped;
        continue;
      }
      header = Buffer.concat([header, chunk.subarray(offset, offset + 14)]);
      const consumedBefore = header.length - Math.min(14, chunk.length - offset);
      if (header.length < 2) return;
      const masked = (header[1]! & 0x80) !== 0;
      const length7 = header[1]! & 0x7f;
      const extended = length7 === 126 ? 2 : length7 === 127 ? 8 : 0;
      const headerLength = 2 + extended + (masked ? 4 : 0);
      // The rest of the header comes with the next chunk; what was read so far stays in `header`.
      if (header.length < headerLength) return;
      const payload =
        length7 === 126
          ? header.readUInt16BE(2)
          : length7 === 127
            ? Number(header.readBigUInt64BE(2))
            : length7;
      offset += headerLength - consumedBefore;
      header = Buffer.alloc(0);
      if (payload > maxFrameBytes) {
        reported = true;
        onOversized(payload);
        return;
      }
      skip = payload;
    }
  });
};
