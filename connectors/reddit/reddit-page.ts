import { readRedditDocument } from './reddit-document.js';
import { mapRedditThing, type MappedThing } from './reddit-item.js';

/** One reddit answer, mapped: every post and comment in order, with the paging anchor and what was wrong. */
export interface RedditPage {
  entries: MappedThing[];
  after: string | null;
  warnings: string[];
}

/** Throws UnreadableDocumentError (from readRedditDocument) when the JSON is not a reddit answer. */
export function readRedditPage(json: unknown): RedditPage {
  const document = readRedditDocument(json);
  const entries = document.things.map(mapRedditThing);
  const unreadable = entries.filter((entry) => entry.item === null && entry.skipped === 'unreadable').length;
  const warnings: string[] = [];
  if (unreadable > 0) warnings.push(`${unreadable} ${plural(unreadable, 'post or comment', 'posts or comments')} without an id or creation time ignored`);
  if (document.otherKinds > 0) warnings.push(`${document.otherKinds} ${plural(document.otherKinds, 'child', 'children')} that ${document.otherKinds === 1 ? 'is' : 'are'} neither a post nor a comment ignored`);
  return { entries, after: document.after, warnings };
}

/** One warning for all the posts and comments that were gone (deleted by their author or removed). */
export function deletedWarning(count: number): string[] {
  return count > 0 ? [`${count} deleted or removed ${plural(count, 'post or comment', 'posts or comments')} skipped`] : [];
}

export function plural(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}
