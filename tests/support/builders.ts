import {
  itemId,
  NEW_SOURCE_HEALTH,
  type Beat,
  type Draft,
  type Item,
  type Member,
  type Opportunity,
  type Post,
  type Principal,
  type Review,
  type Source,
  type Story,
} from '../../server/domain/index.js';

/** Records for tests, with every field set; override what the test is about. */
export function buildSource(overrides: Partial<Source> = {}): Source {
  return {
    id: 'wire',
    name: 'The Wire',
    kind: 'rss',
    channel: 'news',
    options: { url: 'https://example.org/feed.xml' },
    schedule: '*/5 * * * *',
    enabled: true,
    cursor: null,
    health: { ...NEW_SOURCE_HEALTH },
    createdAt: '2026-11-01T08:00:00.000Z',
    ...overrides,
  };
}

export function buildItem(n: number, overrides: Partial<Item> = {}): Item {
  const sourceId = overrides.sourceId ?? 'wire';
  const externalId = overrides.externalId ?? `guid-${n}`;
  const at = new Date(Date.UTC(2026, 10, 1, 8, 0, n)).toISOString();
  return {
    id: itemId(sourceId, externalId),
    sourceId,
    channel: 'news',
    externalId,
    author: `author ${n % 3}`,
    title: `Headline number ${n}`,
    text: `Body of item ${n}`,
    html: null,
    url: `https://example.org/a/${n}`,
    publishedAt: at,
    fetchedAt: at,
    language: 'en',
    engagement: { likes: n },
    storyId: null,
    ...overrides,
  };
}

export function buildStory(id: string, overrides: Partial<Story> = {}): Story {
  return {
    id,
    label: `Story ${id}`,
    terms: ['harbor', 'bridge'],
    channels: ['news'],
    firstSeenAt: '2026-11-01T08:00:00.000Z',
    lastSeenAt: '2026-11-01T08:30:00.000Z',
    itemCount: 3,
    sourceCount: 2,
    authorCount: 2,
    velocity: 3,
    acceleration: 1,
    burstScore: 1.8,
    buckets: [0, 1, 2],
    trending: false,
    trendingAt: null,
    updatedAt: '2026-11-01T08:30:00.000Z',
    ...overrides,
  };
}

export function buildMember(id: string, overrides: Partial<Member> = {}): Member {
  return {
    id,
    rev: 1,
    email: `${id}@newsroom.example`,
    name: `Member ${id}`,
    roles: ['editor'],
    disabled: false,
    createdAt: '2026-11-01T08:00:00.000Z',
    ...overrides,
  };
}

export function buildOpportunity(id: string, overrides: Partial<Opportunity> = {}): Opportunity {
  return {
    id,
    rev: 1,
    storyId: null,
    beatId: 'beat-1',
    title: `Opportunity ${id}`,
    url: null,
    state: 'new',
    score: 0.5,
    reasons: [],
    riskFlags: [],
    channels: ['mastodon'],
    windowOpensAt: '2026-11-01T08:00:00.000Z',
    deadline: '2026-11-01T11:00:00.000Z',
    holderId: null,
    watcherIds: [],
    pitchedBy: null,
    dismissReason: null,
    createdAt: '2026-11-01T08:00:00.000Z',
    updatedAt: '2026-11-01T08:00:00.000Z',
    ...overrides,
  };
}

export function buildBeat(id: string, overrides: Partial<Beat> = {}): Beat {
  return {
    id,
    rev: 1,
    name: `Beat ${id}`,
    query: '"harbour bridge" OR #harbour',
    languages: [],
    regions: [],
    requiresLegal: false,
    createdAt: '2026-11-01T08:00:00.000Z',
    updatedAt: '2026-11-01T08:00:00.000Z',
    ...overrides,
  };
}

/** The principal a signed-in member acts as. */
export function principalFor(member: Member): Principal {
  return { kind: 'member', id: member.id, name: member.name, roles: member.roles };
}

export function buildDraft(id: string, overrides: Partial<Draft> = {}): Draft {
  return {
    id,
    rev: 1,
    opportunityId: 'op-1',
    channel: 'mastodon',
    status: 'editing',
    submittedVersion: null,
    versions: [{ version: 1, text: 'We are watching the harbour.', contentHash: 'hash-1', authorId: 'ed', createdAt: '2026-11-01T08:10:00.000Z' }],
    createdAt: '2026-11-01T08:10:00.000Z',
    updatedAt: '2026-11-01T08:10:00.000Z',
    ...overrides,
  };
}

export function buildReview(id: string, overrides: Partial<Review> = {}): Review {
  return {
    id,
    rev: 1,
    draftId: 'd-1',
    opportunityId: 'op-1',
    version: 1,
    contentHash: 'hash-1',
    role: 'comms',
    state: 'pending',
    reviewerId: null,
    comment: null,
    dueAt: '2026-11-01T10:00:00.000Z',
    escalatedAt: null,
    createdAt: '2026-11-01T09:00:00.000Z',
    decidedAt: null,
    ...overrides,
  };
}

export function buildPost(id: string, overrides: Partial<Post> = {}): Post {
  return {
    id,
    rev: 1,
    draftId: 'd-1',
    opportunityId: 'op-1',
    version: 1,
    contentHash: 'hash-1',
    channel: 'mastodon',
    state: 'scheduled',
    scheduledFor: '2026-11-01T10:00:00.000Z',
    scheduledBy: 'sol',
    holdReason: null,
    overrideReason: null,
    publishedAt: null,
    platformId: null,
    accountId: null,
    idempotencyKey: `idem-${id}`,
    attempts: [],
    nextAttemptAt: null,
    failureReason: null,
    url: null,
    engagement: [],
    nextEngagementAt: null,
    createdAt: '2026-11-01T09:00:00.000Z',
    updatedAt: '2026-11-01T09:00:00.000Z',
    ...overrides,
  };
}
