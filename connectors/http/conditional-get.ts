/** What a server told us last time, so an unchanged feed costs a 304 instead of a download. */
export interface HttpCursor {
  etag: string | null;
  lastModified: string | null;
}

export function conditionalHeaders(cursor: HttpCursor | null): Record<string, string> {
  const headers: Record<string, string> = {};
  if (cursor?.etag) headers['if-none-match'] = cursor.etag;
  if (cursor?.lastModified) headers['if-modified-since'] = cursor.lastModified;
  return headers;
}

export function validatorsOf(headers: Record<string, string>): HttpCursor {
  return { etag: headers['etag'] ?? null, lastModified: headers['last-modified'] ?? null };
}
