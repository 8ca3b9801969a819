import { beatDocument, matchesBeat, type BeatDocument } from './beat-query-match.js';
import { storyPeople } from './risk-people.js';
import { meanSentiment } from './risk-sentiment.js';
import { DEFAULT_COMPILED_SUBJECTS, type CompiledSubject } from './sensitive-subjects.js';

/*
 * Risk flags of a story, from its texts: any flag sends the opportunity to legal as well as
 * comms (docs/workflow.md W-REV-1), and `doNotEngage` says the brand should not react at all.
 *
 *   negative-sentiment      the texts' mean AFINN score is below the threshold
 *   sensitive:<subject>     enough texts touch a sensitive subject (death, lawsuit, minors, ...)
 *   named-person:<Name>     the texts keep naming a person (at most three)
 *   do-not-engage           a subject marked doNotEngage (tragedies, lawsuits) was found
 */

export interface RiskOptions {
  /**
   * Mean AFINN score (per word, −5..5) below which a story is negative: −0.1 is one clearly
   * negative word (−2) in every twenty. Measured on the project's streams: everyday chatter
   * (background-dev) averages +0.044 per text, news headlines +0.010, both with a spread of
   * about 0.3; random groups of 10 neutral texts fall below −0.1 about 7 % of the time, groups
   * of 30 about 0.5 %. The crisis-dev train crashes and factory collapse score −0.10 to −0.35
   * (floods and typhoons score near 0 or above: prayers and relief are positive words, which
   * is why subjects are flagged separately). A false flag costs a legal review; a miss can
   * cost the brand, so the threshold leans to flagging.
   */
  negativeSentimentBelow: number;
  /** A subject is flagged when at least this share of texts touch it (and at least one does). */
  subjectMinShare: number;
  subjects: readonly CompiledSubject[];
  maxPeople: number;
}

export const DEFAULT_RISK_OPTIONS: RiskOptions = {
  negativeSentimentBelow: -0.1,
  subjectMinShare: 0.1,
  subjects: DEFAULT_COMPILED_SUBJECTS,
  maxPeople: 3,
};

export interface RiskAssessment {
  /** In a stable order: negative-sentiment, sensitive:* in list order, named-person:*, do-not-engage. */
  flags: string[];
  doNotEngage: boolean;
  /** Mean AFINN score of the texts. */
  sentiment: number;
  /** Subjects found, with how many texts touch each. */
  subjects: Array<{ flag: string; texts: number; doNotEngage: boolean }>;
  people: string[];
  /** Sentences for the opportunity's reasons. */
  reasons: string[];
}

export function assessRisk(texts: readonly string[], options: Partial<RiskOptions> = {}, documents?: readonly BeatDocument[]): RiskAssessment {
  const { negativeSentimentBelow, subjectMinShare, subjects, maxPeople } = { ...DEFAULT_RISK_OPTIONS, ...options };
  const docs = documents ?? texts.map((text) => beatDocument(text));
  const flags: string[] = [];
  const reasons: string[] = [];

  const sentiment = meanSentiment(texts);
  if (texts.length > 0 && sentiment < negativeSentimentBelow) {
    flags.push('negative-sentiment');
    reasons.push(`negative sentiment (${sentiment.toFixed(2)} on AFINN): held for legal`);
  }

  const needed = Math.max(1, Math.ceil(subjectMinShare * docs.length));
  const found: RiskAssessment['subjects'] = [];
  for (const subject of subjects) {
    const count = docs.reduce((n, doc) => n + (matchesBeat(subject.query, doc) ? 1 : 0), 0);
    if (count >= needed) found.push({ flag: subject.flag, texts: count, doNotEngage: subject.doNotEngage });
  }
  for (const subject of found) {
    flags.push(`sensitive:${subject.flag}`);
    reasons.push(`sensitive subject ${subject.flag} in ${subject.texts} of ${docs.length} items: ${subject.doNotEngage ? 'do not engage' : 'held for legal'}`);
  }

  const people = storyPeople(texts, { limit: maxPeople });
  for (const person of people) flags.push(`named-person:${person}`);
  if (people.length > 0) reasons.push(`names ${people.join(', ')}: held for legal`);

  const doNotEngage = found.some((s) => s.doNotEngage);
  if (doNotEngage) flags.push('do-not-engage');
  return { flags, doNotEngage, sentiment, subjects: found, people, reasons };
}
