/**
 * True when a browser's Origin header names the host the request was sent to. A page on another
 * site can make a browser send a request here, but cannot make it lie about where it came from.
 */
export function isSameOrigin(origin: string, requestUrl: string, forwardedHost: string | undefined): boolean {
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false; // `null` (sandboxed frames, some redirects) and anything unparsable
  }
  if (originHost === new URL(requestUrl).host) return true;
  // Behind a reverse proxy the Host we see may be the proxy's upstream name.
  const proxied = forwardedHost?.split(',')[0]?.trim();
  return proxied !== undefined && proxied !== '' && originHost === proxied;
}
