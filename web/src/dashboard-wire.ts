/**
 * The dashboard's figures as `GET /api/dashboard` carries them (server/domain/dashboard.ts, a
 * wire type like server/realtime/protocol.ts), named in one place for the board. Types only.
 */
export type {
  BeatReputation,
  CaughtMissed,
  Dashboard,
  DashboardChart,
  PredictionRow,
  ReactionSpeedRow,
  ReviewTurnaround,
  Spread,
  WhenAndWhere,
} from '../../server/domain/dashboard.js';
