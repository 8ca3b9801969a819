import { TextDecoder } from 'node:util';

/**
 * Turns a fetched body into text. Feeds lie about their encoding often enough that the order
 * matters: a byte-order mark wins, then the HTTP header, then the XML declaration, then UTF-8.
 */
export function decodeText(body: Buffer, contentType?: string): string {
  const label = bomEncoding(body) ?? charsetOf(contentType) ?? xmlDeclaredEncoding(body) ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    // An unknown label is treated like no label at all rather than failing the whole feed.
    decoder = new TextDecoder('utf-8');
  }
  // TextDecoder strips a BOM itself and replaces invalid bytes instead of throwing.
  return decoder.decode(body);
}

function bomEncoding(body: Buffer): string | undefined {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  return undefined;
}

function charsetOf(contentType: string | undefined): string | undefined {
  return contentType?.match(/charset\s*=\s*"?([\w.:-]+)"?/i)?.[1];
}

function xmlDeclaredEncoding(body: Buffer): string | undefined {
  const head = body.subarray(0, 200).toString('latin1');
  return head.match(/^<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/)?.[1];
}
