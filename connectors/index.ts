import type { Connector } from './connector.js';
import { rssConnector } from './rss/rss-connector.js';

export type { Connector, ConnectorItem, PollContext, PollResult } from './connector.js';
export { createSafeFetch, type SafeFetch, type SafeFetchPolicy } from './http/safe-fetch.js';

/** Every connector, by kind. An explicit list: no registry filled by import side effects. */
export const CONNECTORS: ReadonlyMap<string, Connector<any>> = new Map<string, Connector<any>>([[rssConnector.kind, rssConnector]]);
