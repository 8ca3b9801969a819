/**
 * The demo script: who publishes, what they write, and when it appears.
 *
 * Everything here is fictional (invented towns, companies and bylines) so the demo can run
 * offline and never puts words in a real newsroom's mouth. The schedule is deterministic for
 * a given seed, so a demo, a screenshot and a test all see the same board.
 */

export type DemoFeedId = 'harbor-daily' | 'calder-courier' | 'northshore-ledger' | 'metro-pulse' | 'bayline-now';

export type DemoTopic =
  | 'weather'
  | 'sports'
  | 'business'
  | 'culture'
  | 'local-politics'
  | 'science'
  | 'health'
  | 'transport'
  | 'education'
  | 'environment';

export interface DemoPublisher {
  id: DemoFeedId;
  name: string;
  format: 'rss' | 'atom';
  /** Home page of the fictional publisher; article links hang off it. */
  site: string;
  description: string;
  authors: readonly string[];
}

export interface BackgroundHeadline {
  title: string;
  lede: string;
  topic: DemoTopic;
}

export interface BurstItem {
  feedId: DemoFeedId;
  author: string;
  /** Seconds after the simulator starts. */
  atSeconds: number;
  title: string;
  lede: string;
}

export interface BurstStory {
  id: string;
  /** Phrases every wording of the story shares, so clustering has something to hold on to. */
  keyTerms: readonly string[];
  topic: DemoTopic;
  startsAtSeconds: number;
  items: readonly BurstItem[];
}

/** One item as it will appear in a feed, with its arrival relative to the simulator's start. */
export interface ScheduledItem {
  guid: string;
  feedId: DemoFeedId;
  /** Milliseconds after start; negative for items already published when the demo starts. */
  offsetMs: number;
  title: string;
  lede: string;
  topic: DemoTopic;
  author: string;
  /** The article's canonical address, without tracking parameters. */
  articleUrl: string;
}

export const DEFAULT_DEMO_SEED = 20_240_611;

export const DEMO_PUBLISHERS: readonly DemoPublisher[] = [
  {
    id: 'harbor-daily',
    name: 'Harbor Daily',
    format: 'rss',
    site: 'https://harbordaily.example.org',
    description: 'News for Port Calder and the harbor towns',
    authors: ['Mara Okafor', 'Daniel Reyes-Holm', 'Priya Lindqvist'],
  },
  {
    id: 'calder-courier',
    name: 'The Calder Courier',
    format: 'rss',
    site: 'https://caldercourier.example.org',
    description: 'Independent reporting from the Calder estuary since 1881',
    authors: ['Tomas Feld', 'Hannah Achebe-Ross', 'Ines Marlowe'],
  },
  {
    id: 'northshore-ledger',
    name: 'Northshore Ledger',
    format: 'rss',
    site: 'https://northshoreledger.example.org',
    description: 'Business, markets & money on the north shore',
    authors: ['Rafael Quint', 'Sunniva Berg', 'Kofi Adjei-Lund'],
  },
  {
    id: 'metro-pulse',
    name: 'Metro Pulse',
    format: 'rss',
    site: 'https://metropulse.example.org',
    description: 'City life, culture and what people are talking about',
    authors: ['Lena Vasquez-Ortmann', 'Jonah Pike', 'Aiko Brandt'],
  },
  {
    id: 'bayline-now',
    name: 'Bayline Now',
    format: 'atom',
    site: 'https://baylinenow.example.org',
    description: 'Live news desk for the bay region',
    authors: ['Bayline Newsdesk', 'Odile Marchetti', 'Sam Whitcombe'],
  },
];

/**
 * Unrelated everyday news. Deliberately free of the burst stories' key terms, so the only
 * cross-publisher bursts on the board are the three scripted ones.
 */
export const BACKGROUND_HEADLINES: readonly BackgroundHeadline[] = [
  { topic: 'weather', title: 'Heat advisory issued for Kestrel Valley as temperatures near 35°C', lede: 'Forecasters expect the hottest days since 2019; cooling centres open at libraries & community halls.' },
  { topic: 'weather', title: 'Morning fog delays flights at Saltmere Regional Airport', lede: 'Departures were held for up to two hours before visibility improved shortly after 10 a.m.' },
  { topic: 'weather', title: 'Storm Ivo expected to bring gusts of 90 km/h to the northern coast', lede: 'Residents are asked to secure garden furniture & check on elderly neighbours.' },
  { topic: 'weather', title: 'Drought eases as Millbrook reservoir climbs back to 70 percent', lede: 'A wet fortnight has lifted levels, but the hosepipe guidance stays in place for now.' },
  { topic: 'weather', title: 'Early frost threatens apple harvest in Larkfield orchards', lede: 'Growers ran wind machines overnight to keep blossom from freezing.' },
  { topic: 'sports', title: 'Westmarch Otters sign veteran point guard on one-year deal', lede: 'The club hopes experience will steady a young roster ahead of the play-offs.' },
  { topic: 'sports', title: 'Local runner sets course record at Orrin Point half marathon', lede: 'The 24-year-old finished in 1:03:12, shaving 40 seconds off the old mark.' },
  { topic: 'sports', title: 'Saltmere Swifts part ways with head coach after seven straight defeats', lede: 'An assistant will take charge for the remaining fixtures of the season.' },
  { topic: 'sports', title: 'Northshore cycling club opens new velodrome to the public', lede: 'Taster sessions run every Saturday; bikes & helmets are provided.' },
  { topic: 'sports', title: 'Ashby Cross tennis centre to host junior international tournament', lede: 'Players from 18 countries are expected at the week-long event in August.' },
  { topic: 'sports', title: 'Greyhaven sailing regatta postponed as winds fall too light to race', lede: 'Organisers will try again next weekend if the forecast cooperates.' },
  { topic: 'business', title: 'Orrin Point bakery chain Crumb & Co. opens its tenth store', lede: 'The family-run business started with a single market stall in 2012.' },
  { topic: 'business', title: 'Quarry Lane Foods to add 300 jobs at new Millbrook plant', lede: 'Hiring starts in the autumn, with training offered through the local college.' },
  { topic: 'business', title: 'Regional lender Tollgate Bank raises savings rates for third time this year', lede: 'Easy-access accounts now pay 3.4 percent, among the best on the high street.' },
  { topic: 'business', title: 'Greyhaven logistics startup Keelhaul raises $12 million seed round', lede: 'The company builds routing software for small freight operators.' },
  { topic: 'business', title: 'Retail vacancy rate in downtown Port Calder falls to five-year low', lede: 'Independent cafés & repair shops account for most of the new openings.' },
  { topic: 'business', title: 'Solar installer Brightacre opens training academy for electricians', lede: 'The first cohort of 40 apprentices starts next month.' },
  { topic: 'business', title: 'Coffee roaster Fieldnote moves headquarters to converted Northshore warehouse', lede: 'The move brings a public tasting room and 25 new roles.' },
  { topic: 'business', title: 'Westmarch brewery wins gold at national craft beer awards', lede: 'Its smoked porter beat more than 600 entries in the dark beer category.' },
  { topic: 'culture', title: 'Port Calder film festival announces record 212 screenings', lede: 'This year’s programme leans on documentaries & first-time directors.' },
  { topic: 'culture', title: 'Saltmere museum unveils restored 18th-century whaling logbooks', lede: 'Conservators spent three years stabilising the water-damaged pages.' },
  { topic: 'culture', title: 'Open-air jazz series returns to Larkfield Common this weekend', lede: 'Concerts are free; food stalls open from 5 p.m.' },
  { topic: 'culture', title: 'Greyhaven library’s new comic-book wing draws long queues', lede: 'More than 3,000 titles are available, including a section for local artists.' },
  { topic: 'culture', title: 'Westmarch theatre company stages opera in a disused tram depot', lede: 'The promenade production moves the audience between four platforms.' },
  { topic: 'culture', title: 'Dunmore Heights mural project pairs teenagers with street artists', lede: 'Twelve walls across the district will be painted over the summer.' },
  { topic: 'culture', title: 'Larkfield’s oldest cinema reopens after two-year restoration', lede: 'The 1932 auditorium keeps its original plaster ceiling & organ.' },
  { topic: 'local-politics', title: 'Port Calder council approves 24-hour bus lanes on Quayside Road', lede: 'Councillors voted 9 to 4 after a heated public consultation.' },
  { topic: 'local-politics', title: 'Kestrel Valley residents vote to keep weekly bin collections', lede: 'Turnout in the advisory ballot reached 46 percent.' },
  { topic: 'local-politics', title: 'Millbrook mayor’s office proposes 2% property tax cut', lede: 'The plan would be funded by selling two unused municipal buildings.' },
  { topic: 'local-politics', title: 'Ashby Cross planning board rejects 14-storey tower proposal', lede: 'Members cited overshadowing of the conservation area & parking pressure.' },
  { topic: 'local-politics', title: 'Orrin Point to trial free parking for electric vehicles downtown', lede: 'The six-month pilot covers three municipal car parks.' },
  { topic: 'local-politics', title: 'Northshore district budget adds funding for 40 new crossing guards', lede: 'Schools on arterial roads will be first in line.' },
  { topic: 'science', title: 'Saltmere University team maps seagrass meadows with underwater drones', lede: 'The survey found the meadows have grown by a fifth since 2015.' },
  { topic: 'science', title: 'Rare comb jelly species spotted off Orrin Point for first time in decades', lede: 'Divers filmed the translucent animal at a depth of 18 metres.' },
  { topic: 'science', title: 'Kestrel Valley observatory catches bright fireball over the ridge', lede: 'Astronomers are asking anyone with dash-cam footage to get in touch.' },
  { topic: 'science', title: 'Researchers at Greyhaven Institute grow tomatoes in salt-tolerant soil', lede: 'The trial could help coastal farms hit by rising groundwater salinity.' },
  { topic: 'science', title: 'Citizen scientists count record 4,800 shorebirds at Larkfield marsh', lede: 'Volunteers logged 31 species, including two rare sandpipers.' },
  { topic: 'science', title: 'Millbrook lab tests biodegradable packaging made from seaweed', lede: 'The film dissolves in warm water within a week.' },
  { topic: 'health', title: 'Westmarch hospital opens walk-in clinic for minor injuries', lede: 'The clinic is open 8 a.m. to 10 p.m., seven days a week.' },
  { topic: 'health', title: 'Flu vaccination drive reaches 60 percent of over-65s in Dunmore Heights', lede: 'Pharmacies & mobile clinics delivered most of the doses.' },
  { topic: 'transport', title: 'Night trains between Port Calder and Saltmere to resume in spring', lede: 'The sleeper service was suspended four years ago.' },
  { topic: 'transport', title: 'Greyhaven tram line gets contactless ticket gates', lede: 'Paper tickets will be phased out by the end of the year.' },
  { topic: 'transport', title: 'Kestrel Valley broadband rollout reaches last 2,000 rural homes', lede: 'Engineers used existing power poles to avoid digging up farm tracks.' },
  { topic: 'education', title: 'Ashby Cross primary schools add outdoor classrooms to every campus', lede: 'Each school receives a covered timber pavilion & planting beds.' },
  { topic: 'education', title: 'Dunmore Heights students win regional robotics championship', lede: 'Their sorting robot handled 120 parcels a minute.' },
  { topic: 'education', title: 'Port Calder libraries lend free mobile hotspots to students', lede: 'Families can borrow a device for up to a month at a time.' },
  { topic: 'environment', title: 'Volunteers remove 3 tonnes of litter from Saltmere beaches', lede: 'Fishing line and bottle caps topped the list of finds.' },
  { topic: 'environment', title: 'Northshore farmers market extends hours into the evening', lede: 'Stalls will stay open until 8 p.m. on Thursdays through September.' },
];

/**
 * Three stories that move across publishers within a minute or so. Every wording carries the
 * first key term, the others recur in most of them, the way real coverage of one event does.
 */
export const BURST_STORIES: readonly BurstStory[] = [
  {
    id: 'harbor-bridge',
    keyTerms: ['Harbor Bridge', 'cargo ship'],
    topic: 'transport',
    startsAtSeconds: 5,
    items: [
      { feedId: 'harbor-daily', author: 'Mara Okafor', atSeconds: 5, title: 'Harbor Bridge closed after cargo ship strikes pier', lede: 'Police closed the Harbor Bridge in both directions after a cargo ship struck one of its piers early this morning.' },
      { feedId: 'bayline-now', author: 'Bayline Newsdesk', atSeconds: 8, title: 'Cargo ship hits Harbor Bridge pier, bridge shut in both directions', lede: 'Drivers are asked to avoid the Harbor Bridge approaches while the cargo ship is held in the channel.' },
      { feedId: 'calder-courier', author: 'Tomas Feld', atSeconds: 12, title: 'Harbor Bridge shut as cargo vessel strikes support pier', lede: 'Witnesses said the cargo vessel drifted into the Harbor Bridge pier moments after losing power.' },
      { feedId: 'metro-pulse', author: 'Jonah Pike', atSeconds: 17, title: 'Commuters stranded as Harbor Bridge closes after cargo ship collision', lede: 'Queues stretched back to Quayside Road as the Harbor Bridge closure hit the morning commute.' },
      { feedId: 'northshore-ledger', author: 'Rafael Quint', atSeconds: 23, title: 'Harbor Bridge closure snarls freight as cargo ship damage is assessed', lede: 'Hauliers warned of delays while inspectors assess the Harbor Bridge pier hit by the cargo ship.' },
      { feedId: 'harbor-daily', author: 'Priya Lindqvist', atSeconds: 30, title: 'Harbor Bridge: engineers inspect pier after cargo ship strike, no injuries reported', lede: 'The port authority said nobody was hurt when the cargo ship struck the Harbor Bridge.' },
      { feedId: 'bayline-now', author: 'Odile Marchetti', atSeconds: 38, title: 'Extra ferries laid on as Harbor Bridge stays closed after cargo ship crash', lede: 'Two extra crossings an hour will run until the Harbor Bridge reopens.' },
      { feedId: 'calder-courier', author: 'Ines Marlowe', atSeconds: 46, title: 'Harbor Bridge cargo ship strike: what we know so far', lede: 'A timeline of the morning, from the cargo ship’s mayday call to the Harbor Bridge closure.' },
      { feedId: 'metro-pulse', author: 'Aiko Brandt', atSeconds: 55, title: 'Harbor Bridge to stay closed overnight after cargo ship strikes pier', lede: 'Engineers need daylight & calm water to dive on the damaged Harbor Bridge pier.' },
      { feedId: 'northshore-ledger', author: 'Sunniva Berg', atSeconds: 65, title: 'Port operator suspends sailings near Harbor Bridge after cargo ship strike', lede: 'Container traffic is diverted to the outer berths while the Harbor Bridge is inspected.' },
    ],
  },
  {
    id: 'lumora-recall',
    keyTerms: ['Lumora', 'recall', 'e-bike battery'],
    topic: 'business',
    startsAtSeconds: 70,
    items: [
      { feedId: 'northshore-ledger', author: 'Kofi Adjei-Lund', atSeconds: 70, title: 'Lumora recalls 40,000 e-bike batteries over overheating risk', lede: 'Lumora said the recall covers e-bike battery packs sold since March.' },
      { feedId: 'bayline-now', author: 'Sam Whitcombe', atSeconds: 74, title: 'Lumora e-bike battery recall: owners told to stop charging', lede: 'Owners should stop charging affected Lumora batteries until a replacement arrives, the recall notice says.' },
      { feedId: 'metro-pulse', author: 'Lena Vasquez-Ortmann', atSeconds: 79, title: 'E-bike maker Lumora issues battery recall after fire reports', lede: 'Three small fires were linked to the e-bike battery before Lumora announced the recall.' },
      { feedId: 'harbor-daily', author: 'Daniel Reyes-Holm', atSeconds: 85, title: 'Lumora battery recall hits e-bike riders across the region', lede: 'Couriers who rely on Lumora e-bikes say the recall leaves them without transport.' },
      { feedId: 'calder-courier', author: 'Hannah Achebe-Ross', atSeconds: 92, title: 'Lumora shares slide as e-bike battery recall widens', lede: 'Investors reacted as Lumora widened the recall to a second e-bike battery model.' },
      { feedId: 'northshore-ledger', author: 'Rafael Quint', atSeconds: 100, title: 'How to check if your Lumora e-bike battery is part of the recall', lede: 'The serial number on the Lumora battery tells you whether the recall applies.' },
      { feedId: 'bayline-now', author: 'Odile Marchetti', atSeconds: 109, title: 'Retailers pull Lumora e-bikes from shelves amid battery recall', lede: 'Bike shops & department stores removed Lumora stock while the recall runs.' },
      { feedId: 'harbor-daily', author: 'Mara Okafor', atSeconds: 118, title: 'Lumora apologises for e-bike battery recall, promises free replacements', lede: 'Lumora said every battery in the recall will be replaced free of charge.' },
      { feedId: 'metro-pulse', author: 'Jonah Pike', atSeconds: 128, title: 'Lumora recall: repair shops report rush of e-bike owners', lede: 'Mechanics say half their calls this afternoon were about the Lumora e-bike battery recall.' },
    ],
  },
  {
    id: 'fernhill-rovers',
    keyTerms: ['Fernhill Rovers', 'Coastal Cup'],
    topic: 'sports',
    startsAtSeconds: 150,
    items: [
      { feedId: 'calder-courier', author: 'Tomas Feld', atSeconds: 150, title: 'Fernhill Rovers stun Westmarch to win the Coastal Cup on penalties', lede: 'Fernhill Rovers held their nerve in the shootout to take the Coastal Cup.' },
      { feedId: 'metro-pulse', author: 'Aiko Brandt', atSeconds: 154, title: 'Fernhill Rovers lift Coastal Cup after dramatic shootout', lede: 'The Coastal Cup final finished 2-2 before Fernhill Rovers won 5-4 on penalties.' },
      { feedId: 'bayline-now', author: 'Sam Whitcombe', atSeconds: 159, title: 'Coastal Cup final: Fernhill Rovers beat Westmarch on penalties', lede: 'Fernhill Rovers came from two goals down to force extra time in the Coastal Cup final.' },
      { feedId: 'harbor-daily', author: 'Priya Lindqvist', atSeconds: 165, title: 'Underdogs Fernhill Rovers claim first Coastal Cup in 31 years', lede: 'Fernhill Rovers last won the Coastal Cup when their current captain was a baby.' },
      { feedId: 'northshore-ledger', author: 'Sunniva Berg', atSeconds: 172, title: 'Fernhill Rovers Coastal Cup win set to boost town’s pubs & shops', lede: 'Traders expect a busy weekend as Fernhill Rovers fans celebrate the Coastal Cup.' },
      { feedId: 'calder-courier', author: 'Ines Marlowe', atSeconds: 180, title: 'Fernhill Rovers goalkeeper the hero as Coastal Cup comes home', lede: 'Two saves in the shootout made the Fernhill Rovers keeper the toast of the Coastal Cup final.' },
      { feedId: 'metro-pulse', author: 'Lena Vasquez-Ortmann', atSeconds: 189, title: 'Fans flood the streets as Fernhill Rovers celebrate Coastal Cup triumph', lede: 'Car horns & fireworks greeted the Fernhill Rovers team bus after the Coastal Cup final.' },
      { feedId: 'bayline-now', author: 'Bayline Newsdesk', atSeconds: 198, title: 'Fernhill Rovers to parade Coastal Cup through town on Sunday', lede: 'The open-top bus will carry the Coastal Cup from the Fernhill Rovers ground to the town hall.' },
      { feedId: 'harbor-daily', author: 'Daniel Reyes-Holm', atSeconds: 208, title: 'Fernhill Rovers’ Coastal Cup run: how the minnows did it', lede: 'Five rounds, four away draws and one shootout: the Fernhill Rovers road to the Coastal Cup.' },
      { feedId: 'calder-courier', author: 'Hannah Achebe-Ross', atSeconds: 218, title: 'Fernhill Rovers manager hails ‘greatest night’ after Coastal Cup win', lede: 'The Fernhill Rovers manager dedicated the Coastal Cup to the club’s volunteers.' },
    ],
  },
];

/** mulberry32: tiny, fast and good enough to make a demo look organic yet repeatable. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** FNV-1a, so each feed gets its own random stream from one seed. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    const a = copy[i] as T;
    copy[i] = copy[j] as T;
    copy[j] = a;
  }
  return copy;
}

function between(random: () => number, low: number, high: number): number {
  return low + random() * (high - low);
}

function pick<T>(items: readonly T[], random: () => number): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('cannot pick from an empty list');
  return item;
}

function slugify(title: string): string {
  return title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

function articleUrl(publisher: DemoPublisher, topic: DemoTopic, title: string, serial: string): string {
  return `${publisher.site}/${topic}/${slugify(title)}-${serial}`;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** Bounds of the background rhythm; round seconds keep RSS dates (second precision) exact. */
const BACKGROUND_GAP_SECONDS = { min: 20, max: 45 } as const;
const FIRST_LIVE_ARRIVAL_SECONDS = { min: 6, max: 40 } as const;
const BACKLOG_SIZE = { min: 3, max: 5 } as const;
const BACKLOG_AGE_MINUTES = { min: 2, max: 58 } as const;

/**
 * Background items of one feed, generated lazily and kept: the stream never ends, but only the
 * part a request has asked about is ever built. Memoizing is safe because the sequence depends
 * only on the seed, never on when it was asked for.
 */
class BackgroundStream {
  private readonly random: () => number;
  private readonly arrivals: ScheduledItem[] = [];
  private nextOffsetMs: number;

  constructor(
    private readonly publisher: DemoPublisher,
    private readonly headlines: readonly BackgroundHeadline[],
    private readonly headlineStart: number,
    seed: number,
  ) {
    this.random = mulberry32(seed ^ hashString(publisher.id));
    this.seedBacklog();
    this.nextOffsetMs = Math.round(between(this.random, FIRST_LIVE_ARRIVAL_SECONDS.min, FIRST_LIVE_ARRIVAL_SECONDS.max)) * SECOND;
  }

  /** All arrivals up to elapsedMs, oldest first. */
  arrivedBy(elapsedMs: number): readonly ScheduledItem[] {
    while (this.nextOffsetMs <= elapsedMs) {
      this.append(this.nextOffsetMs);
      this.nextOffsetMs += Math.round(between(this.random, BACKGROUND_GAP_SECONDS.min, BACKGROUND_GAP_SECONDS.max)) * SECOND;
    }
    return this.arrivals;
  }

  private seedBacklog(): void {
    const count = BACKLOG_SIZE.min + Math.floor(this.random() * (BACKLOG_SIZE.max - BACKLOG_SIZE.min + 1));
    const ages = Array.from({ length: count }, () => Math.round(between(this.random, BACKLOG_AGE_MINUTES.min, BACKLOG_AGE_MINUTES.max) * 60) * SECOND);
    ages.sort((a, b) => b - a);
    for (const age of ages) this.append(-age);
  }

  private append(offsetMs: number): void {
    const serial = this.arrivals.length + 1;
    const headline = this.headlines[(this.headlineStart + serial - 1) % this.headlines.length];
    if (headline === undefined) throw new Error('the background headline pool is empty');
    const id = `bg-${serial}`;
    this.arrivals.push({
      guid: `urn:demo:${this.publisher.id}:${id}`,
      feedId: this.publisher.id,
      offsetMs,
      title: headline.title,
      lede: headline.lede,
      topic: headline.topic,
      author: pick(this.publisher.authors, this.random),
      articleUrl: articleUrl(this.publisher, headline.topic, headline.title, id),
    });
  }
}

function burstItemsFor(publisher: DemoPublisher): ScheduledItem[] {
  return BURST_STORIES.flatMap((story) =>
    story.items
      .map((item, index) => ({ item, id: `${story.id}-${index + 1}` }))
      .filter(({ item }) => item.feedId === publisher.id)
      .map(({ item, id }) => ({
        guid: `urn:demo:${publisher.id}:${id}`,
        feedId: publisher.id,
        offsetMs: item.atSeconds * SECOND,
        title: item.title,
        lede: item.lede,
        topic: story.topic,
        author: item.author,
        articleUrl: articleUrl(publisher, story.topic, item.title, id),
      })),
  );
}

/** Newest first; ties broken by guid so equal times never reorder between requests. */
function newestFirst(a: ScheduledItem, b: ScheduledItem): number {
  return b.offsetMs - a.offsetMs || (a.guid < b.guid ? -1 : a.guid > b.guid ? 1 : 0);
}

function newestArrived(items: readonly ScheduledItem[], elapsedMs: number, limit: number): ScheduledItem[] {
  const result: ScheduledItem[] = [];
  for (let i = items.length - 1; i >= 0 && result.length < limit; i -= 1) {
    const item = items[i];
    if (item !== undefined && item.offsetMs <= elapsedMs) result.push(item);
  }
  return result;
}

export interface DemoTimeline {
  /** The newest `limit` items of a feed that have arrived by `elapsedMs`, newest first. */
  itemsAt(feedId: DemoFeedId, elapsedMs: number, limit: number): ScheduledItem[];
}

export function createDemoTimeline(seed: number = DEFAULT_DEMO_SEED): DemoTimeline {
  // Each feed cycles through its own share of the headlines: one headline at several
  // publishers within the hour would be volume and combination, a fake burst.
  const headlines = shuffled(BACKGROUND_HEADLINES, mulberry32(seed));
  const stride = Math.floor(headlines.length / DEMO_PUBLISHERS.length);
  const feeds = new Map(
    DEMO_PUBLISHERS.map((publisher, index) => [
      publisher.id,
      {
        background: new BackgroundStream(publisher, headlines.slice(index * stride, (index + 1) * stride), 0, seed),
        bursts: burstItemsFor(publisher).sort((a, b) => a.offsetMs - b.offsetMs),
      },
    ]),
  );
  return {
    itemsAt(feedId, elapsedMs, limit) {
      const feed = feeds.get(feedId);
      if (feed === undefined) throw new Error(`unknown demo feed: ${feedId}`);
      const candidates = [
        ...newestArrived(feed.background.arrivedBy(elapsedMs), elapsedMs, limit),
        ...newestArrived(feed.bursts, elapsedMs, limit),
      ];
      return candidates.sort(newestFirst).slice(0, limit);
    },
  };
}
