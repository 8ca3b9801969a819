import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BlockedAddressError, isPublicAddress } from '../../connectors/http/address-policy.js';
import { canonicalUrl } from '../../connectors/http/canonical-url.js';
import { createSafeFetch, FetchError } from '../../connectors/http/safe-fetch.js';

/** The start of BlockedAddressError's message, whatever the host. */
const REFUSED = /^refused to fetch .+: it resolves to .+, a private or local address/;

interface LocalServer {
  origin: string;
  port: number;
  /** Every request path the server saw, in order. */
  requests: string[];
  close(): Promise<void>;
}

const servers: LocalServer[] = [];

async function startServer(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<LocalServer> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const local: LocalServer = {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(local);
  return local;
}

afterAll(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('isPublicAddress', () => {
  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('%s is public', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.5.6.7', 'loopback, anywhere in 127/8'],
    ['::1', 'IPv6 loopback'],
    ['10.1.2.3', 'private 10/8'],
    ['172.16.0.1', 'private 172.16/12'],
    ['192.168.1.1', 'private 192.168/16'],
    ['169.254.169.254', 'link-local, cloud metadata'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['224.0.0.1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['fd12:3456::1', 'IPv6 unique local'],
    ['fe80::1', 'IPv6 link-local'],
    ['2002:7f00:1::', '6to4 embedding 127.0.0.1'],
    ['64:ff9b::7f00:1', 'NAT64 embedding 127.0.0.1'],
    ['::', 'IPv6 unspecified'],
  ])('%s is not public (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['localhost', 'example.com', '', '999.1.1.1', '10.0.0.1.5'])('%j is not an address at all, so not public', (text) => {
    expect(isPublicAddress(text)).toBe(false);
  });
});

describe('canonicalUrl', () => {
  it('removes utm_* and click-id parameters and keeps the others in order', () => {
    expect(canonicalUrl('https://news.example/a/story?id=42&utm_source=rss&utm_medium=feed&fbclid=IwAR0x&page=2&gclid=abc')).toBe(
      'https://news.example/a/story?id=42&page=2',
    );
  });

  it('drops the question mark when only tracking parameters were there', () => {
    expect(canonicalUrl('https://news.example/a?utm_campaign=spring&UTM_CONTENT=x')).toBe('https://news.example/a');
  });

  it('keeps parameters that merely look like tracking ones', () => {
    expect(canonicalUrl('https://news.example/a?utm=1&source=rss&ref=home')).toBe('https://news.example/a?utm=1&source=rss&ref=home');
  });

  it('removes the fragment', () => {
    expect(canonicalUrl('https://news.example/a?x=1#comments')).toBe('https://news.example/a?x=1');
  });

  it('refuses javascript:, data: and mailto: links, with or without a base', () => {
    expect(canonicalUrl('javascript:alert(1)')).toBeNull();
    expect(canonicalUrl('JavaScript:alert(document.cookie)', 'https://news.example/')).toBeNull();
    expect(canonicalUrl('data:text/html,<script>alert(1)</script>')).toBeNull();
    expect(canonicalUrl('mailto:desk@news.example')).toBeNull();
  });

  it('returns null for nothing, and for a relative link without a base', () => {
    expect(canonicalUrl(null)).toBeNull();
    expect(canonicalUrl(undefined)).toBeNull();
    expect(canonicalUrl('')).toBeNull();
    expect(canonicalUrl('/news/1')).toBeNull();
  });

  it('resolves a relative link against the base, trimming white space', () => {
    expect(canonicalUrl('  ../b/story?id=7&utm_source=x  ', 'https://news.example/section/a/index.html')).toBe('https://news.example/section/b/story?id=7');
    expect(canonicalUrl('/news/1', 'https://news.example/feeds/rss.xml')).toBe('https://news.example/news/1');
  });
});

describe('createSafeFetch', () => {
  let target: LocalServer;

  beforeAll(async () => {
    target = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('hello from the local server');
    });
  });

  afterEach(() => {
    target.requests.length = 0;
  });

  describe('refuses private and local addresses by default', () => {
    // Every one of these is an address literal: fetchOnce checks literals with isIP/isPublicAddress
    // before http.request is called, so no connection is attempted (nothing leaves this machine).
    // Where a loopback address is used, it points at the running local server, so a missing check
    // would show up as a 200 answer instead of the error.
    const cases: Array<[string, () => string]> = [
      ['loopback literal 127.0.0.1', () => `http://127.0.0.1:${target.port}/`],
      ['IPv6 loopback [::1]', () => `http://[::1]:${target.port}/`],
      ['IPv4-mapped IPv6 [::ffff:127.0.0.1]', () => `http://[::ffff:127.0.0.1]:${target.port}/`],
      ['decimal http://2130706433/', () => `http://2130706433:${target.port}/`],
      ['hex and short forms http://0x7f.1/', () => `http://0x7f.1:${target.port}/`],
      ['private 10.0.0.1', () => 'http://10.0.0.1/'],
      ['private 192.168.1.1', () => 'http://192.168.1.1/'],
      ['cloud metadata 169.254.169.254', () => 'http://169.254.169.254/latest/meta-data/'],
    ];

    it.each(cases)('%s', async (_name, url) => {
      const safeFetch = createSafeFetch();
      const error = await safeFetch({ url: url() }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(BlockedAddressError);
      expect((error as Error).message).toMatch(REFUSED);
      expect(target.requests).toEqual([]);
    });

    it('a host name that resolves to loopback (localhost) is refused at lookup', async () => {
      const safeFetch = createSafeFetch();
      const error = await safeFetch({ url: `http://localhost:${target.port}/` }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(BlockedAddressError);
      expect((error as Error).message).toMatch(/^refused to fetch localhost: it resolves to (127\.0\.0\.1|::1), a private or local address/);
      expect(target.requests).toEqual([]);
    });

    it('the message names the literal address it refused', async () => {
      await expect(createSafeFetch()({ url: 'http://169.254.169.254/latest/meta-data/' })).rejects.toThrow(
        'refused to fetch 169.254.169.254: it resolves to 169.254.169.254, a private or local address (allow private addresses in the config to poll it)',
      );
    });
  });

  it('fetches from an origin listed in allowedOrigins', async () => {
    const safeFetch = createSafeFetch({ allowedOrigins: [target.origin] });
    const response = await safeFetch({ url: `${target.origin}/feed.xml`, headers: { 'x-test': 'yes' } });
    expect(response.status).toBe(200);
    expect(response.body.toString('utf8')).toBe('hello from the local server');
    expect(response.headers['content-type']).toBe('text/plain');
    expect(response.url).toBe(`${target.origin}/feed.xml`);
    expect(target.requests).toEqual(['/feed.xml']);
  });

  it('an allowed origin does not open other ports of the same host', async () => {
    const safeFetch = createSafeFetch({ allowedOrigins: [`http://127.0.0.1:${target.port + 1 === 65536 ? 1 : target.port + 1}`] });
    await expect(safeFetch({ url: `${target.origin}/` })).rejects.toThrow(REFUSED);
    expect(target.requests).toEqual([]);
  });

  it('fetches loopback when allowPrivateAddresses is true, by literal and by name', async () => {
    const safeFetch = createSafeFetch({ allowPrivateAddresses: true });
    const byLiteral = await safeFetch({ url: `${target.origin}/a` });
    expect(byLiteral.status).toBe(200);
    expect(byLiteral.body.toString()).toBe('hello from the local server');
    const byName = await safeFetch({ url: `http://localhost:${target.port}/b` }).catch((e: Error) => e);
    // localhost may resolve to ::1 first on some machines, where nothing listens: then the
    // connection is refused, but it must never be a policy refusal.
    if (byName instanceof Error) {
      expect(byName).not.toBeInstanceOf(BlockedAddressError);
    } else {
      expect(byName.status).toBe(200);
    }
    expect(target.requests[0]).toBe('/a');
  });

  it.each(['file:///etc/passwd', 'ftp://127.0.0.1/feed.xml', 'gopher://example.com/', 'javascript:alert(1)'])('refuses the scheme of %s', async (url) => {
    const error = await createSafeFetch({ allowPrivateAddresses: true })({ url }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FetchError);
    expect((error as Error).message).toMatch(/^only http and https can be fetched, not [a-z]+:$/);
  });

  it('refuses a URL that does not parse', async () => {
    await expect(createSafeFetch()({ url: 'not a url' })).rejects.toThrow('not a valid URL: not a url');
  });

  it('refuses a redirect from an allowed origin to a loopback port that is not allowed', async () => {
    const other = await startServer((_req, res) => {
      res.writeHead(200);
      res.end('secret admin page');
    });
    const redirector = await startServer((_req, res) => {
      res.writeHead(302, { location: `http://127.0.0.1:${other.port}/admin` });
      res.end();
    });
    const safeFetch = createSafeFetch({ allowedOrigins: [redirector.origin] });
    const error = await safeFetch({ url: `${redirector.origin}/feed` }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BlockedAddressError);
    expect((error as Error).message).toMatch(REFUSED);
    expect(redirector.requests).toEqual(['/feed']);
    expect(other.requests).toEqual([]);
  });

  it('refuses a redirect to localhost by name, even on the allowed port', async () => {
    const redirector = await startServer((req, res) => {
      res.writeHead(301, { location: `http://localhost:${(req.socket.localPort ?? 0).toString()}/again` });
      res.end();
    });
    const safeFetch = createSafeFetch({ allowedOrigins: [redirector.origin] });
    await expect(safeFetch({ url: `${redirector.origin}/start` })).rejects.toThrow(/^refused to fetch localhost/);
    expect(redirector.requests).toEqual(['/start']);
  });

  it('follows redirects within the limit and reports the final URL', async () => {
    const hops = await startServer((req, res) => {
      const n = Number(req.url?.split('/').pop());
      if (n < 2) {
        res.writeHead(302, { location: `/hop/${n + 1}` });
        res.end();
      } else {
        res.writeHead(200);
        res.end(`arrived at ${n}`);
      }
    });
    const response = await createSafeFetch({ allowedOrigins: [hops.origin], maxRedirects: 2 })({ url: `${hops.origin}/hop/0` });
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe('arrived at 2');
    expect(response.url).toBe(`${hops.origin}/hop/2`);
    expect(hops.requests).toEqual(['/hop/0', '/hop/1', '/hop/2']);
  });

  it('gives up after more than maxRedirects redirects', async () => {
    const loop = await startServer((req, res) => {
      const n = Number(req.url?.split('/').pop());
      res.writeHead(302, { location: `/loop/${n + 1}` });
      res.end();
    });
    const error = await createSafeFetch({ allowedOrigins: [loop.origin], maxRedirects: 3 })({ url: `${loop.origin}/loop/0` }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FetchError);
    expect((error as Error).message).toBe('more than 3 redirects');
    // The first request and three redirects followed, then no more.
    expect(loop.requests).toEqual(['/loop/0', '/loop/1', '/loop/2', '/loop/3']);
  });

  it('stops at a redirect loop, naming the address it came back to', async () => {
    const loop = await startServer((req, res) => {
      res.writeHead(302, { location: req.url === '/a' ? '/b' : '/a' });
      res.end();
    });
    const error = await createSafeFetch({ allowedOrigins: [loop.origin], maxRedirects: 10 })({ url: `${loop.origin}/a` }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FetchError);
    expect((error as Error).message).toBe(`redirect loop: ${loop.origin}/b sends us back to ${loop.origin}/a, which was already asked for; check the address with the site`);
    // Caught at the second hop, long before the limit of ten.
    expect(loop.requests).toEqual(['/a', '/b']);
  });

  describe('compressed answers', () => {
    const FEED = '<rss><channel><title>Compressed</title></channel></rss>'.repeat(50);
    const encoders: Record<string, (body: Buffer) => Buffer> = {
      gzip: (body) => zlib.gzipSync(body),
      deflate: (body) => zlib.deflateSync(body),
      'deflate (raw, as some servers send it)': (body) => zlib.deflateRawSync(body),
      br: (body) => zlib.brotliCompressSync(body),
    };
    let acceptEncoding: string | undefined;

    async function compressedServer(encoding: string, body: Buffer): Promise<LocalServer> {
      return startServer((req, res) => {
        acceptEncoding = req.headers['accept-encoding'];
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': encoding, 'content-length': String(body.length) });
        res.end(body);
      });
    }

    it.each(Object.entries(encoders))('asks for compression and decodes %s', async (name, encode) => {
      const encoding = name.split(' ')[0]!;
      const server = await compressedServer(encoding, encode(Buffer.from(FEED)));
      const response = await createSafeFetch({ allowedOrigins: [server.origin] })({ url: `${server.origin}/feed` });
      expect(acceptEncoding).toBe('gzip, deflate, br');
      expect(response.body.toString('utf8')).toBe(FEED);
      // The headers describe the body handed over, which is no longer compressed.
      expect(response.headers['content-encoding']).toBeUndefined();
      expect(response.headers['content-length']).toBeUndefined();
    });

    it.each([
      ['gzip', (body: Buffer) => zlib.gzipSync(body)],
      ['br', (body: Buffer) => zlib.brotliCompressSync(body)],
      ['deflate', (body: Buffer) => zlib.deflateSync(body)],
    ] as const)('refuses a %s decompression bomb: a small answer that inflates past maxBytes', async (encoding, encode) => {
      const bomb = encode(Buffer.alloc(64 * 1024 * 1024));
      const server = await compressedServer(encoding, bomb);
      // What crosses the wire is within the limit: only the decompressed size gives it away.
      expect(bomb.length).toBeLessThan(128 * 1024);
      const error = await createSafeFetch({ allowedOrigins: [server.origin], maxBytes: 128 * 1024 })({ url: `${server.origin}/bomb` }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(FetchError);
      expect((error as Error).message).toBe(
        `the ${encoding} response decompresses to more than 131072 bytes (a decompression bomb or an oversized document); it was refused`,
      );
    });

    it('accepts a compressed body that decompresses to exactly maxBytes', async () => {
      const server = await compressedServer('gzip', zlib.gzipSync(Buffer.alloc(4096, 'c')));
      const response = await createSafeFetch({ allowedOrigins: [server.origin], maxBytes: 4096 })({ url: `${server.origin}/` });
      expect(response.body.length).toBe(4096);
    });

    it('says so when a body claims an encoding it is not in', async () => {
      const server = await compressedServer('gzip', Buffer.from('plain text, not gzip'));
      await expect(createSafeFetch({ allowedOrigins: [server.origin] })({ url: `${server.origin}/` })).rejects.toThrow(
        /^the response says it is gzip-compressed but does not decompress \(.+\); the server may be misconfigured$/,
      );
    });

    it('refuses an encoding it did not ask for', async () => {
      const server = await compressedServer('zstd', Buffer.from('whatever'));
      await expect(createSafeFetch({ allowedOrigins: [server.origin] })({ url: `${server.origin}/` })).rejects.toThrow(
        'the server sent the body in an encoding Tidewatch cannot read (zstd); it should honour Accept-Encoding: gzip, deflate, br',
      );
    });

    it('hands over an empty compressed body (a 304, a 204) as empty', async () => {
      const server = await startServer((_req, res) => {
        res.writeHead(304, { 'content-encoding': 'gzip' });
        res.end();
      });
      const response = await createSafeFetch({ allowedOrigins: [server.origin] })({ url: `${server.origin}/` });
      expect(response.status).toBe(304);
      expect(response.body.length).toBe(0);
    });
  });

  it('refuses a body larger than maxBytes', async () => {
    const big = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(Buffer.alloc(64 * 1024, 'a'));
    });
    const error = await createSafeFetch({ allowedOrigins: [big.origin], maxBytes: 4096 })({ url: `${big.origin}/huge.xml` }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FetchError);
    expect((error as Error).message).toBe('response larger than 4096 bytes');
  });

  it('accepts a body of exactly maxBytes', async () => {
    const exact = await startServer((_req, res) => {
      res.writeHead(200);
      res.end(Buffer.alloc(4096, 'b'));
    });
    const response = await createSafeFetch({ allowedOrigins: [exact.origin], maxBytes: 4096 })({ url: `${exact.origin}/` });
    expect(response.body.length).toBe(4096);
  });

  describe('reading only the head (readAtMost)', () => {
    it('hands on the first bytes without waiting for the rest, asking for an uncompressed body', async () => {
      let encoding: string | undefined;
      const endless = await startServer((req, res) => {
        encoding = req.headers['accept-encoding'];
        res.writeHead(200, { 'content-type': 'text/html' });
        // Twice what is wanted, then nothing more and no end: only a cut answers in time.
        res.write(Buffer.alloc(2048, 'h'));
      });
      const response = await createSafeFetch({ allowedOrigins: [endless.origin], timeoutMs: 20_000 })({ url: `${endless.origin}/page`, readAtMost: 1024 });
      expect(response.body.length).toBe(1024);
      expect(response.truncated).toBe(true);
      expect(encoding).toBe('identity');
    });

    it('hands on a shorter body whole, and says nothing was cut', async () => {
      const small = await startServer((_req, res) => {
        res.writeHead(200);
        res.end('<title>short</title>');
      });
      const response = await createSafeFetch({ allowedOrigins: [small.origin] })({ url: `${small.origin}/`, readAtMost: 1024 });
      expect(response.body.toString()).toBe('<title>short</title>');
      expect(response.truncated).toBeUndefined();
    });

    it('reads a body compressed anyway whole, under maxBytes, since a cut one would not decode', async () => {
      const page = Buffer.alloc(8192, 'z');
      const stubborn = await startServer((_req, res) => {
        res.writeHead(200, { 'content-encoding': 'gzip' });
        res.end(zlib.gzipSync(page));
      });
      const response = await createSafeFetch({ allowedOrigins: [stubborn.origin] })({ url: `${stubborn.origin}/`, readAtMost: 1024 });
      expect(response.body.equals(page)).toBe(true);
      expect(response.truncated).toBeUndefined();
    });
  });

  it('gives up on a server that never answers', async () => {
    const silent = await startServer(() => {
      // Accept the request and never answer.
    });
    const error = await createSafeFetch({ allowedOrigins: [silent.origin], timeoutMs: 300 })({ url: `${silent.origin}/slow` }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FetchError);
    expect((error as Error).message).toMatch(/^no (complete )?answer within 300 ms$/);
    expect(silent.requests).toEqual(['/slow']);
  });

  it('gives up on a server that starts answering and never finishes', async () => {
    const trickle = await startServer((_req, res) => {
      res.writeHead(200);
      res.write('<rss>');
    });
    const error = await createSafeFetch({ allowedOrigins: [trickle.origin], timeoutMs: 300 })({ url: `${trickle.origin}/trickle` }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FetchError);
    expect((error as Error).message).toMatch(/^no (complete )?answer within 300 ms$/);
  });

  it('stops when the caller aborts', async () => {
    const silent = await startServer(() => undefined);
    const abort = new AbortController();
    const pending = createSafeFetch({ allowedOrigins: [silent.origin] })({ url: `${silent.origin}/`, signal: abort.signal });
    abort.abort();
    const error = await pending.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('AbortError');
  });
});
