import { useId } from 'preact/hooks';
import type { Beat, Channel } from '../../../server/realtime/protocol.js';
import { formatPeriod } from '../dashboard-format.js';
import { presetDays, RANGE_PRESETS, rangeProblem, type DashboardSettings, type Period, type RangePreset } from '../dashboard-range.js';

export interface DashboardControlsProps {
  settings: DashboardSettings;
  period: Period | null;
  beats: readonly Beat[];
  channels: readonly Channel[];
  now: number;
  onChange(next: DashboardSettings): void;
}

/** The period (presets or custom days) and the beat and channel filters every chart shares. */
export function DashboardControls({ settings, period, beats, channels, now, onChange }: DashboardControlsProps) {
  const id = useId();
  const problem = rangeProblem(settings);
  const pickPreset = (preset: RangePreset) => {
    if (preset === 'custom') onChange({ ...settings, preset });
    else onChange({ ...settings, preset, ...presetDays(preset, now) });
  };
  return (
    <form class="dashboard-controls" data-testid="dashboard-controls" onSubmit={(event) => event.preventDefault()} aria-label="Period and filters">
      <fieldset class="dashboard-range">
        <legend class="visually-hidden">Period</legend>
        <div class="segmented" role="group" aria-label="Period">
          {RANGE_PRESETS.map(({ preset, label }) => (
            <button key={preset} type="button" class="segment" aria-pressed={settings.preset === preset} data-testid={`range-${preset}`} onClick={() => pickPreset(preset)}>
              {label}
            </button>
          ))}
          <button type="button" class="segment" aria-pressed={settings.preset === 'custom'} data-testid="range-custom" onClick={() => pickPreset('custom')}>
            Custom
          </button>
        </div>
        {settings.preset === 'custom' && (
          <span class="dashboard-days">
            <label for={`${id}-from`}>From</label>
            <input id={`${id}-from`} type="date" data-testid="range-from" value={settings.fromDay} max={settings.toDay || undefined} onChange={(event) => onChange({ ...settings, fromDay: event.currentTarget.value })} />
            <label for={`${id}-to`}>to</label>
            <input id={`${id}-to`} type="date" data-testid="range-to" value={settings.toDay} min={settings.fromDay || undefined} onChange={(event) => onChange({ ...settings, toDay: event.currentTarget.value })} />
          </span>
        )}
      </fieldset>
      <label class="dashboard-inline-field">
        <span>Beat</span>
        <select data-testid="dashboard-beat" value={settings.beatId} onChange={(event) => onChange({ ...settings, beatId: event.currentTarget.value })}>
          <option value="">All beats</option>
          {beats.map((beat) => (
            <option key={beat.id} value={beat.id}>
              {beat.name}
            </option>
          ))}
          {settings.beatId && !beats.some((beat) => beat.id === settings.beatId) && <option value={settings.beatId}>{settings.beatId}</option>}
        </select>
      </label>
      <label class="dashboard-inline-field">
        <span>Channel</span>
        <select data-testid="dashboard-channel" value={settings.channel} onChange={(event) => onChange({ ...settings, channel: event.currentTarget.value as Channel | '' })}>
          <option value="">All channels</option>
          {channels.map((channel) => (
            <option key={channel} value={channel}>
              {channel}
            </option>
          ))}
        </select>
      </label>
      <p class="dashboard-period" data-testid="dashboard-period" role="status">
        {problem ?? (period ? `${formatPeriod(period.from, period.to)} (UTC)` : '')}
      </p>
    </form>
  );
}
