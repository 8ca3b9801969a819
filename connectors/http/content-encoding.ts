import { promisify } from 'node:util';
import zlib from 'node:zlib';

/** What safe fetch asks for: every compression Node can undo without another library. */
export const ACCEPTED_ENCODINGS = 'gzip, deflate, br';

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotli = promisify(zlib.brotliDecompress);

/** Whether a Content-Encoding header says the body is compressed. */
export function isEncoded(header: string | undefined): boolean {
  return encodingsOf(header).length > 0;
}

function encodingsOf(header: string | undefined): string[] {
  return (header ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== '' && e !== 'identity');
}

/**
 * Undoes the Content-Encoding of a body. `maxOutputLength` makes zlib stop as soon as the output
 * passes the limit, so a small answer that would inflate to gigabytes (a decompression bomb)
 * fails early instead of filling memory.
 */
export async function decodeBody(body: Buffer, header: string | undefined, maxBytes: number): Promise<Buffer> {
  // Encodings are listed in the order they were applied: undo them last first.
  let decoded = body;
  for (const encoding of encodingsOf(header).reverse()) {
    // A 204, a 304 or an error page may carry the header with no body at all.
    if (decoded.length === 0) return decoded;
    decoded = await decodeOne(decoded, encoding, maxBytes);
  }
  return decoded;
}

const DECODERS: Record<string, (body: Buffer, options: zlib.ZlibOptions) => Promise<Buffer>> = {
  gzip: gunzip,
  'x-gzip': gunzip,
  // The standard says zlib-wrapped, but some servers send raw deflate: the zlib header tells them apart.
  deflate: (body, options) => (hasZlibHeader(body) ? inflate(body, options) : inflateRaw(body, options)),
  br: (body, options) => brotli(body, options as zlib.BrotliOptions),
};

async function decodeOne(body: Buffer, encoding: string, maxBytes: number): Promise<Buffer> {
  const decoder = DECODERS[encoding];
  if (!decoder) {
    throw new Error(`the server sent the body in an encoding Tidewatch cannot read (${encoding}); it should honour Accept-Encoding: ${ACCEPTED_ENCODINGS}`);
  }
  try {
    return await decoder(body, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new Error(`the ${encoding} response decompresses to more than ${maxBytes} bytes (a decompression bomb or an oversized document); it was refused`);
    }
    throw new Error(`the response says it is ${encoding}-compressed but does not decompress (${(error as Error).message}); the server may be misconfigured`);
  }
}

function hasZlibHeader(body: Buffer): boolean {
  const [first, second] = [body[0], body[1]];
  return first !== undefined && second !== undefined && (first & 0x0f) === 0x08 && ((first << 8) | second) % 31 === 0;
}
