import { UnreadableDocumentError } from '../connector-errors.js';
import { decodeText } from '../http/decode-text.js';

/**
 * The JSON of a fetched body. An HTML error page from a proxy or a body cut short is not
 * something to guess at: it is unreadable, and the message says whose answer it was.
 */
export function parseJsonDocument(body: Buffer, contentType: string | null, what: string): unknown {
  const text = decodeText(body, contentType ?? undefined);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UnreadableDocumentError(`${what} is not valid JSON: ${(error as Error).message}`);
  }
}

/** The same, for `recognizes`: a body that is not JSON is simply not recognized. */
export function tryParseJson(body: Buffer): unknown {
  try {
    return JSON.parse(decodeText(body)) as unknown;
  } catch {
    return undefined;
  }
}
