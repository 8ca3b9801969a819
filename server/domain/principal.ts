import type { Role } from './member.js';

/** Who is acting: a signed-in member, or an integration through its API token. */
export interface Principal {
  kind: 'member' | 'token';
  /** The actor written into events: a member id, or `token:<id>`. */
  id: string;
  name: string;
  roles: readonly Role[];
}
