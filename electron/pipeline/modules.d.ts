// Type declarations for the two pure-JS codec packages that ship none.
declare module 'kafkajs-snappy' {
  const codec: () => {
    compress(encoder: { buffer: Buffer }): Promise<Buffer>;
    decompress(buffer: Buffer): Promise<Buffer>;
  };
  export default codec;
}
declare module 'lz4js' {
  export function compress(input: Uint8Array): Uint8Array | number[];
  export function decompress(input: Uint8Array): Uint8Array | number[];
}
