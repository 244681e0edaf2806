import { decompress as zstdDecompress } from 'fzstd';
import kafkajs from 'kafkajs';
import SnappyCodec from 'kafkajs-snappy';
import * as lz4 from 'lz4js';

/**
 * Registers snappy, lz4 and zstd with kafkajs (gzip is built in), so topics compressed by real producers are readable.
 * Only pure-JS packages: kafkajs-lz4 and @kafkajs/zstd need native builds, so lz4 goes through lz4js (LZ4 frame format,
 * as Kafka uses since KIP-57) and zstd through fzstd, which only decompresses: the pipeline reads zstd topics but
 * produces its dead letters uncompressed.
 */
let registered = false;

export function registerCompressionCodecs(): void {
  // Through the default export: Node's ESM loader does not see CompressionCodecs among kafkajs's named exports.
  const { CompressionCodecs, CompressionTypes } = kafkajs;
  if (registered) return;
  registered = true;
  CompressionCodecs[CompressionTypes.Snappy] = SnappyCodec;
  CompressionCodecs[CompressionTypes.LZ4] = () => ({
    compress: async (encoder: { buffer: Buffer }) => Buffer.from(lz4.compress(encoder.buffer)),
    decompress: async (buffer: Buffer) => Buffer.from(lz4.decompress(buffer)),
  });
  CompressionCodecs[CompressionTypes.ZSTD] = () => ({
    compress: () => Promise.reject(new Error('zstd compression is not available (decompression only, via fzstd)')),
    decompress: async (buffer: Buffer) => Buffer.from(zstdDecompress(buffer)),
  });
}
