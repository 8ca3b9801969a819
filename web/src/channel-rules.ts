import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { BoardChannelRule, Channel } from '../../server/realtime/protocol.js';
import { fetchChannels } from './api.js';
import type { HoursByChannel } from './channel-window.js';

/**
 * The channels' rules, fetched once per page: they change only with a server release, and every
 * counter and countdown on the page reads the same answer. Null until it arrives.
 */
const rules = signal<ReadonlyMap<Channel, BoardChannelRule> | null>(null);
let loading: Promise<void> | null = null;

function load(): void {
  if (rules.value || loading) return;
  loading = fetchChannels().then(
    ({ channels }) => {
      rules.value = new Map(channels.map((rule) => [rule.channel, rule]));
    },
    () => {
      // The counter falls back to no limit and the windows to the deadline; the next view that
      // needs the rules asks again.
      loading = null;
    },
  );
}

/** The rules by channel, or null while they load (or when the server could not say). */
export function useChannelRules(): ReadonlyMap<Channel, BoardChannelRule> | null {
  useEffect(load, []);
  return rules.value;
}

export function hoursOf(map: ReadonlyMap<Channel, BoardChannelRule> | null): HoursByChannel | null {
  if (!map) return null;
  return Object.fromEntries([...map.values()].map((rule) => [rule.channel, rule.windowHours]));
}
