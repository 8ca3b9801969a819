/** A signed-in browser. The cookie holds a random token; the store holds only its hash. */
export interface Session {
  /** sha256 of the session token. */
  id: string;
  rev: number;
  memberId: string;
  createdAt: string;
  expiresAt: string;
  userAgent: string | null;
}
