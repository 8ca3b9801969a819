import type { Opportunity } from '../../../server/realtime/protocol.js';
import type { ChannelWindow } from '../api.js';
import { ChannelChip } from '../components/chips.js';
import { Countdown } from '../components/countdown.js';
import { formatAbsolute, formatClock } from '../relative-time.js';
import '../styles/opportunity.css';

/**
 * Each channel's window, as the server drew them; an older server sends none, and then every
 * channel shows the opportunity's own window (it closes at the deadline, the latest of them).
 */
export function windowsOf(opportunity: Opportunity, windows: readonly ChannelWindow[] | undefined): ChannelWindow[] {
  if (windows && windows.length > 0) return [...windows].sort((a, b) => Date.parse(a.closesAt) - Date.parse(b.closesAt));
  return opportunity.channels.map((channel) => ({ channel, opensAt: opportunity.windowOpensAt, closesAt: opportunity.deadline }));
}

export function ChannelWindows({ opportunity, windows }: { opportunity: Opportunity; windows: readonly ChannelWindow[] | undefined }) {
  const rows = windowsOf(opportunity, windows);
  return (
    <section class="file-panel" aria-labelledby="windows-heading">
      <h3 class="file-heading" id="windows-heading">
        Windows by channel
      </h3>
      {!windows?.length && rows.length > 0 && <p class="file-note">Every channel shown with the opportunity's own window.</p>}
      {rows.length === 0 ? (
        <p class="file-note">No channel to react on.</p>
      ) : (
        <table class="window-table">
          <thead>
            <tr>
              <th scope="col">Channel</th>
              <th scope="col">Opened</th>
              <th scope="col">Closes</th>
              <th scope="col">Left</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((window) => (
              <tr key={window.channel} data-testid="channel-window" data-channel={window.channel}>
                <th scope="row">
                  <ChannelChip channel={window.channel} />
                </th>
                <td>
                  <time dateTime={window.opensAt} title={formatAbsolute(window.opensAt)}>
                    {formatClock(window.opensAt)}
                  </time>
                </td>
                <td>
                  <time dateTime={window.closesAt} title={formatAbsolute(window.closesAt)}>
                    {formatClock(window.closesAt)}
                  </time>
                </td>
                <td>
                  <Countdown opensAt={window.opensAt} closesAt={window.closesAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
