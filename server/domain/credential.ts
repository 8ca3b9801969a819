/** A member's password, as a salted slow hash. Never leaves the server, never in an event. */
export interface Credential {
  /** The member's id. */
  id: string;
  rev: number;
  /** `scrypt$N$r$p$salt$hash`, so the cost can be raised without breaking old hashes. */
  passwordHash: string;
  /** Set for one-time passwords: the member must choose their own before doing anything else. */
  mustChange: boolean;
  updatedAt: string;
}
