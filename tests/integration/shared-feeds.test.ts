import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorItem, ReadResult } from '../../connectors/connector.js';
import { UnreadableDocumentError } from '../../connectors/connector-errors.js';
import { htmlToText } from '../../connectors/http/html.js';
import { parseFeed } from '../../connectors/rss/feed-parser.js';
import { rssConnector } from '../../connectors/rss/rss-connector.js';

/** The recorded feeds of ../shared (read in place, never copied): every one must be read without a crash. */
const FEEDS = fileURLToPath(new URL('../../../shared/data/fixtures/feeds/', import.meta.url));
const bytes = (name: string) => readFileSync(FEEDS + name);
const read = (name: string) => rssConnector.read({ body: bytes(name), contentType: null, url: null });

/**
 * What a feed reader shows for each file. Counts were checked against the number of <item> and
 * <entry> elements in each file; the differences are deliberate: an entry with no title, text or
 * link (feedparser's item_dc_date, rss-parser's missing-fields) and a repeated guid
 * (itunes-missing-image) are skipped with a warning.
 */
const EXPECTED_ITEMS: Array<[string, number | 'unreadable']> = [
  ['feedextractor__atom-feed-standard-realworld.xml', 38],
  ['feedextractor__rss-feed-miss-base-url.xml', 175],
  ['feedparser__encoding_bozo_bogus_encoding.xml', 0],
  ['feedparser__encoding_bozo_encoding_mismatch_crash.xml', 1],
  ['feedparser__encoding_bozo_linenoise.xml', 1],
  ['feedparser__encoding_http_i18n.xml', 0],
  ['feedparser__encoding_utf-16le-bom.xml', 0],
  ['feedparser__encoding_utf-8-bom.xml', 0],
  ['feedparser__illformed_always_strip_doctype.xml', 0],
  ['feedparser__illformed_chardet_shiftjis.xml', 1],
  ['feedparser__illformed_rss_empty_document.xml', 'unreadable'],
  ['feedparser__illformed_rss_item_link_corrupted_ampersands.xml', 1],
  ['feedparser__wellformed_itunes_itunes_namespace_uppercase.xml', 0],
  ['feedparser__wellformed_rss_channel_title_lt.xml', 0],
  ['feedparser__wellformed_rss_item_dc_date.xml', 0],
  ['feedparser__wellformed_rss_item_description_naked_markup.xml', 1],
  ['feedparser__wellformed_rss_rss_version_090.xml', 0],
  ['feedparser__wellformed_rss_rss_version_missing.xml', 0],
  ['feedparser__wellformed_sanitize_item_content_encoded_script_nested_cdata.xml', 1],
  ['feedparser__wellformed_sanitize_xml_unclosed_comment.xml', 0],
  ['feedrs__atom_content_src.xml', 1],
  ['feedrs__atom_mediarss_newscred_1.xml', 1],
  ['feedrs__atom_relative.xml', 1],
  ['feedrs__rss_0.91_encoding_1.xml', 1],
  ['feedrs__rss_1.0_biorxiv.xml', 1],
  ['feedrs__rss_1.0_iso8859.xml', 1],
  ['feedrs__rss_2.0_bbc.xml', 1],
  ['feedrs__rss_2.0_cloudflare.xml', 1],
  ['feedrs__rss_2.0_encoding_1.xml', 1],
  ['feedrs__rss_2.0_heated.xml', 1],
  ['feedrs__rss_2.0_ilmessaggero.xml', 1],
  ['feedrs__rss_2.0_nbcny.xml', 1],
  ['feedrs__rss_2.0_reddit.xml', 1],
  ['feedrs__rss_2.0_rps.xml', 1],
  ['feedrs__rss_2.0_spreaker.xml', 1],
  ['feedrs__rss_2.0_wirecutter.xml', 1],
  ['netnewswire__4fsodonline.atom', 25],
  ['netnewswire__aktuality.rss', 30],
  ['netnewswire__donthitsave.xml', 10],
  ['netnewswire__livemint.xml', 25],
  ['netnewswire__pappacoda.atom', 3],
  ['netnewswire__qemu.atom', 10],
  ['netnewswire__theomnishow.rss', 4],
  ['nodefeedparser__atom-with-tag-uri-links.xml', 1],
  ['nodefeedparser__complexNamespaceFeed.xml', 1],
  ['nodefeedparser__iconv.xml', 10],
  ['nodefeedparser__intertwingly.atom', 20],
  ['nodefeedparser__mediacontent-dupes.xml', 1],
  ['nodefeedparser__nondefaultnamespace.atom', 1],
  ['nodefeedparser__relative-channel-image-url.xml', 1],
  ['nodefeedparser__rss-with-relative-html-urls-no-base.xml', 1],
  ['nodefeedparser__rss-with-relative-urls-with-absolute-xmlurl.xml', 2],
  ['nodefeedparser__rss-with-trailing-meta.xml', 1],
  ['nodefeedparser__saxerror.xml', 3],
  ['nodefeedparser__wapowellness.xml', 29],
  ['picofeed__cercle.psy.xml', 7],
  ['picofeed__grotte_barbu.xml', 10],
  ['picofeed__ibash.ru.xml', 50],
  ['picofeed__lincoln_loop.xml', 10],
  ['picofeed__resorts.xml', 1],
  ['picofeed__womensweardaily.xml', 20],
  ['picofeed__zoot_egkty.xml', 20],
  ['rssparser__atom-customfields.atom', 15],
  ['rssparser__craigslist.rss', 25],
  ['rssparser__encoding.rss', 40],
  ['rssparser__giantbomb-podcast.rss', 730],
  ['rssparser__gulp-atom.atom', 10],
  ['rssparser__heraldsun.rss', 2],
  ['rssparser__instant-article.rss', 1],
  ['rssparser__itunes-category.rss', 1],
  ['rssparser__itunes-keywords-array.rss', 1],
  ['rssparser__itunes-missing-image.rss', 130],
  ['rssparser__missing-fields.atom', 0],
  ['rssparser__pagination-links.rss', 1],
  ['rssparser__reddit-home.rss', 24],
  ['rssparser__rss-1.rss', 69],
  ['rssparser__uolNoticias.rss', 15],
];

describe('every recorded feed in ../shared', () => {
  it('has an expectation for each file there, and only for those', () => {
    expect(EXPECTED_ITEMS.map(([name]) => name)).toEqual(readdirSync(FEEDS).sort());
  });

  it.each(EXPECTED_ITEMS)('%s → %s', async (name, expected) => {
    if (expected === 'unreadable') {
      const attempt = read(name);
      await expect(attempt).rejects.toBeInstanceOf(UnreadableDocumentError);
      await expect(read(name)).rejects.toThrow(/^not a readable RSS or Atom feed: /);
      return;
    }
    const { items } = await read(name);
    expect(items).toHaveLength(expected);
    for (const item of items) {
      expect(item.externalId).not.toBe('');
      // Never a replacement character or a C1 control (the signs of a wrong decoding) in what we show.
      expect(`${item.title ?? ''} ${item.text}`).not.toMatch(/[\uFFFD\u0080-\u009F]/);
      if (item.publishedAt) expect(Date.parse(item.publishedAt)).toBeLessThanOrEqual(Date.now() + 86_400_000);
    }
  });
});

/** The statements at the top of kurtmckee/feedparser's files ("Expect: …"), checked one by one. */
describe('feedparser expectations', () => {
  const title = async (name: string) => {
    const feed = await parseFeed({ body: bytes(name), contentType: null, url: null });
    return feed.title === null ? null : htmlToText(feed.title);
  };
  const only = async (name: string): Promise<ConnectorItem> => {
    const { items } = await read(name);
    expect(items).toHaveLength(1);
    return items[0]!;
  };

  it("channel_title_lt: feed['title'] == '1 < 2'", async () => {
    expect(await title('feedparser__wellformed_rss_channel_title_lt.xml')).toBe('1 < 2');
  });

  it("always_strip_doctype: feed['title'] == 'found'", async () => {
    expect(await title('feedparser__illformed_always_strip_doctype.xml')).toBe('found');
  });

  it("xml_unclosed_comment: feed['title'] == 'safe'", async () => {
    expect(await title('feedparser__wellformed_sanitize_xml_unclosed_comment.xml')).toBe('safe');
  });

  it('http_i18n: the UTF-8 title of an Atom 0.3 feed', async () => {
    expect(await title('feedparser__encoding_http_i18n.xml')).toBe('Iñtërnâtiônàlizætiøn');
  });

  it("rss_item_link_corrupted_ampersands: entries[0].link == 'http://link/get?a=1&b=2'", async () => {
    expect((await only('feedparser__illformed_rss_item_link_corrupted_ampersands.xml')).url).toBe('http://link/get?a=1&b=2');
  });

  it("item_description_naked_markup: entries[0]['description'] == '<p>Example description</p>'", async () => {
    const item = await only('feedparser__wellformed_rss_item_description_naked_markup.xml');
    expect(item.html).toBe('<p>Example description</p>');
    expect(item.text).toBe('Example description');
  });

  it('item_content_encoded_script_nested_cdata: the script is gone, the rest is text', async () => {
    const item = await only('feedparser__wellformed_sanitize_item_content_encoded_script_nested_cdata.xml');
    expect(item.html).toBe('&lt;![CDATA[]]&gt;');
    expect(item.html).not.toContain('script');
  });

  it('encoding_bozo_encoding_mismatch_crash: one entry, the undeclared byte read as windows-1252', async () => {
    const item = await only('feedparser__encoding_bozo_encoding_mismatch_crash.xml');
    expect(item.text).toBe('¤');
  });

  it('chardet_shiftjis: SHIFT_JIS with no encoding information is sniffed', async () => {
    const { items, warnings } = await read('feedparser__illformed_chardet_shiftjis.xml');
    expect(items[0]?.title).toBe('DrecomRSSに記事投稿が反映されない…');
    expect(items[0]?.text).toMatch(/^色々調べてたら、MT3\.2がRSS1\.0をサポートしていないことが判明。/);
    expect(warnings).toEqual(['no usable encoding was declared and the bytes are not UTF-8; they look like Shift_JIS']);
  });

  it('encoding_bozo_linenoise: declared UTF-8 with a stray byte keeps its good characters', async () => {
    // feedparser falls back to windows-1252 for the whole document ("â€™"); we keep the valid
    // UTF-8 and lose the one bad byte, which shows no mojibake.
    const { items, warnings } = await read('feedparser__encoding_bozo_linenoise.xml');
    expect(items[0]?.text).toBe('\u2019<>\u201d');
    expect(warnings[0]).toBe('the XML declaration says UTF-8 is UTF-8 with 1 invalid byte sequence(s); they were left out');
  });

  it('encoding_bozo_bogus_encoding: an unknown encoding is reported and ignored', async () => {
    const { items, warnings } = await read('feedparser__encoding_bozo_bogus_encoding.xml');
    expect(items).toEqual([]);
    expect(warnings).toContain('the XML declaration names an unknown encoding "bogus"; it was ignored');
  });

  it('utf-8-bom and utf-16le-bom: well-formed, no warning about the encoding', async () => {
    for (const name of ['feedparser__encoding_utf-8-bom.xml', 'feedparser__encoding_utf-16le-bom.xml']) {
      const { warnings } = await read(name);
      expect(warnings.filter((w) => /encoding|UTF|bytes/.test(w))).toEqual([]);
    }
  });

  it('rss_empty_document: a bozo, refused with a clear message', async () => {
    await expect(read('feedparser__illformed_rss_empty_document.xml')).rejects.toThrow('not a readable RSS or Atom feed: the document has no XML elements');
  });

  it("item_dc_date: the entry's only content is its date, so it is skipped and said so", async () => {
    const { items, warnings } = await read('feedparser__wellformed_rss_item_dc_date.xml');
    expect(items).toEqual([]);
    expect(warnings).toEqual(['1 entry with no title, text or link was skipped']);
  });
});

describe('encodings of real feeds', () => {
  const titles = async (name: string) => (await read(name)).items.map((i) => i.title);

  it('windows-1251 (ibash.ru, node-feedparser iconv.xml): Cyrillic', async () => {
    expect((await titles('picofeed__ibash.ru.xml'))[0]).toBe('Цитата #16099');
    expect((await titles('nodefeedparser__iconv.xml'))[0]).toBe('В Бузулуке главные стройплощадки – детсад и Ледовый дворец');
  });

  it('ISO-8859-1 declared (feed-rs, rss-parser) and undeclared (UOL, cercle.psy)', async () => {
    expect((await titles('feedrs__rss_0.91_encoding_1.xml'))[0]).toBe('bash - Expansão de Parâmetros');
    expect((await titles('rssparser__uolNoticias.rss'))[0]).toMatch(/^Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulaç/);
    expect((await titles('picofeed__cercle.psy.xml'))[0]).toMatch(/^Stéphane Gumpper : Qu'est-ce que la psychologie des religions/);
  });

  it('mis-declared: ISO-8859-1 declared over UTF-8 bytes (Daily Mail)', async () => {
    const { items, warnings } = await read('nodefeedparser__mediacontent-dupes.xml');
    expect(warnings).toContain('the XML declaration says ISO-8859-1 but the bytes are UTF-8; decoded as UTF-8');
    expect(items[0]?.title).toMatch(/^Could the infamous Black Dahlia case be about to be solved\?/);
  });

  it('declared UTF-8 with a byte cut in half (grotte_barbu): ten items, one warning', async () => {
    const { items, warnings } = await read('picofeed__grotte_barbu.xml');
    expect(items).toHaveLength(10);
    expect(warnings).toEqual(['the XML declaration says UTF-8 is UTF-8 with 1 invalid byte sequence(s); they were left out']);
  });

  it('Urdu (RTL) and Slovak stay as written', async () => {
    expect((await titles('picofeed__zoot_egkty.xml'))[0]).toBe('کرائمیا: ریفرنڈم میں روس سے الحاق کی حمایت');
    expect((await titles('netnewswire__aktuality.rss'))[0]).toBe('Analytici Goldman Sachs zvýšili odhad rastu ekonomiky USA');
  });
});

describe('broken XML, dates and links in real feeds', () => {
  let saxerror: ReadResult;
  beforeAll(async () => {
    saxerror = await read('nodefeedparser__saxerror.xml');
  });

  it("an unescaped '&' in a link (saxerror.xml) costs nothing: all items, the link intact", () => {
    expect(saxerror.items).toHaveLength(3);
    expect(saxerror.warnings).toEqual(['a bare "&" was escaped']);
  });

  it('a raw control character (lincoln_loop) is removed and reported', async () => {
    const { items, warnings } = await read('picofeed__lincoln_loop.xml');
    expect(items).toHaveLength(10);
    expect(warnings).toEqual(['control characters were removed']);
  });

  it("reads odd dates: 'Sat, Dec 16 2023 02:02:33 PM', date-only, a Portuguese weekday", async () => {
    expect((await read('feedrs__rss_2.0_nbcny.xml')).items[0]?.publishedAt).toBe('2023-12-16T14:02:33.000Z');
    expect((await read('feedrs__rss_1.0_biorxiv.xml')).items[0]?.publishedAt).toBe('2023-12-16T00:00:00.000Z');
    expect((await read('rssparser__uolNoticias.rss')).items[0]?.publishedAt).toBe('2018-09-24T22:42:40.000Z');
    expect((await read('rssparser__itunes-missing-image.rss')).items.every((i) => i.publishedAt !== null)).toBe(true);
  });

  it('a prefixed root <a:feed> and prefixed entries are read as Atom', async () => {
    expect((await read('nodefeedparser__nondefaultnamespace.atom')).items[0]?.url).toBe('http://example.org/tests/namespace/result.html');
    expect((await read('nodefeedparser__complexNamespaceFeed.xml')).items[0]).toMatchObject({ title: 'This is the title', author: 'John Doe', text: 'Hello World' });
  });

  it('relative links resolve against the self link, or the address the feed came from', async () => {
    expect((await read('feedrs__atom_relative.xml')).items[0]?.url).toBe('https://example.com/blog/2003/12/13/atom03');
    const qemu = await rssConnector.read({ body: bytes('netnewswire__qemu.atom'), contentType: null, url: 'https://www.qemu.org/feed.xml' });
    expect(qemu.items[0]?.url).toMatch(/^https:\/\/www\.qemu\.org\/\d{4}\/\d{2}\/\d{2}\//);
  });
});
