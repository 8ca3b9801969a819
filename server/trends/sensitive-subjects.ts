import { isBeatQuerySyntaxError, type BeatQuery } from './beat-query-ast.js';
import { parseBeatQuery } from './beat-query-parse.js';

/**
 * A subject a brand treads carefully around. `terms` are written in the beat query language
 * (words, prefix*, "phrases", #hashtags) and any of them marks a text; `doNotEngage` says a
 * story on this subject should get no brand reaction at all, only awareness.
 */
export interface SensitiveSubject {
  flag: string;
  terms: readonly string[];
  doNotEngage: boolean;
}

/*
 * "Some should never go out (tragedies, lawsuits)" (DESIGN.md section 1): tragedies and
 * lawsuits are do-not-engage; accidents are flagged for legal but may, say, get a service
 * notice. Prefixes are chosen to avoid common words that merely start the same way
 * (stab* would take "stable", rape* "rapeseed", bomb* "bombshell").
 */
export const DEFAULT_SENSITIVE_SUBJECTS: readonly SensitiveSubject[] = [
  {
    flag: 'death',
    terms: ['dead', 'death*', 'die', 'died', 'dies', 'dying', 'killed', 'killing*', 'fatal*', 'fatalit*', '"passed away"', 'obituar*', 'funeral*', 'corpse*', 'bodies', '"body count"', 'rip', 'condolence*'],
    doNotEngage: true,
  },
  {
    flag: 'disaster',
    terms: ['disaster*', 'catastroph*', 'earthquake*', 'quake*', 'tsunami*', 'hurricane*', 'typhoon*', 'cyclone*', 'tornado*', 'flood*', 'wildfire*', 'bushfire*', 'landslide*', 'mudslide*', 'eruption*', 'famine', '"state of emergency"', 'evacuat*', 'devastat*'],
    doNotEngage: true,
  },
  {
    flag: 'accident',
    terms: ['accident*', 'crash', 'crashed', 'crashes', 'derail*', 'collision*', 'collided', 'explosion*', 'exploded', 'collapse*', 'wreck*', 'injur*', 'casualt*'],
    doNotEngage: false,
  },
  {
    flag: 'lawsuit',
    terms: ['lawsuit*', 'sue', 'sued', 'sues', 'suing', 'litigation', '"class action"', 'indict*', 'subpoena*', '"legal action"', '"filed suit"'],
    doNotEngage: true,
  },
  {
    flag: 'violence',
    terms: ['violen*', 'assault*', 'stabbed', 'stabbing*', 'riot*', 'murder*', 'homicide*', 'hostage*', 'massacre*', 'airstrike*', 'beheaded', 'lynch*'],
    doNotEngage: true,
  },
  {
    flag: 'terrorism',
    terms: ['terror*', 'bomb', 'bombs', 'bombed', 'bombing*', 'bomber*', 'jihad*', 'isis', 'extremist*', '"suicide bomber"'],
    doNotEngage: true,
  },
  {
    flag: 'shooting',
    terms: ['shooting*', 'shooter*', 'gunman', 'gunmen', 'gunfire', 'gunshot*', '"shots fired"'],
    doNotEngage: true,
  },
  {
    flag: 'suicide',
    terms: ['suicid*', '"took his own life"', '"took her own life"', '"took their own life"', '"killed himself"', '"killed herself"', '"self harm"'],
    doNotEngage: true,
  },
  {
    flag: 'abuse',
    terms: ['abuse*', 'abusive', 'harass*', 'molest*', 'rape', 'raped', 'rapes', 'rapist*', 'trafficking', 'grooming'],
    doNotEngage: true,
  },
  {
    flag: 'minors',
    terms: ['child', 'children', 'childs', 'kid', 'kids', 'minors', 'toddler*', 'infant*', 'baby', 'babies', 'teen', 'teens', 'teenager*', 'schoolchild*', 'schoolgirl*', 'schoolboy*', 'underage'],
    doNotEngage: true,
  },
];

export interface CompiledSubject {
  flag: string;
  doNotEngage: boolean;
  query: BeatQuery;
}

/**
 * Turns a list (the default or one from configuration) into queries; a term that is not valid
 * beat query syntax throws, naming the subject and the term, when the list is loaded.
 */
export function compileSensitiveSubjects(subjects: readonly SensitiveSubject[]): CompiledSubject[] {
  return subjects.map((subject) => {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(subject.flag)) throw new Error(`sensitive subject "${subject.flag}": a flag is lower-case letters, digits and -`);
    for (const term of subject.terms) {
      const parsed = parseBeatQuery(term);
      if (isBeatQuerySyntaxError(parsed)) throw new Error(`sensitive subject ${subject.flag}, term ${term}: ${parsed.message}`);
    }
    const query = parseBeatQuery(subject.terms.map((term) => `(${term})`).join(' OR '));
    if (isBeatQuerySyntaxError(query)) throw new Error(`sensitive subject ${subject.flag}: ${query.message}`);
    return { flag: subject.flag, doNotEngage: subject.doNotEngage, query };
  });
}

export const DEFAULT_COMPILED_SUBJECTS: readonly CompiledSubject[] = compileSensitiveSubjects(DEFAULT_SENSITIVE_SUBJECTS);
