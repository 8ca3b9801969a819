import type { Role } from './member.js';

/** A machine's credential for one integration, with the roles it may act in. */
export interface ApiToken {
  id: string;
  rev: number;
  name: string;
  roles: Role[];
  /** sha256 of the secret; the secret itself is shown once, when the token is made. */
  secretHash: string;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
}

export type PublicApiToken = Omit<ApiToken, 'secretHash'>;

export function publicApiToken(token: ApiToken): PublicApiToken {
  const { secretHash: _secretHash, ...rest } = token;
  return rest;
}
