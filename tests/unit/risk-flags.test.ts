import { describe, expect, it } from 'vitest';
import { assessRisk } from '../../server/trends/risk-flags.js';
import { namedPeople, storyPeople } from '../../server/trends/risk-people.js';
import { meanSentiment, textSentiment } from '../../server/trends/risk-sentiment.js';
import { compileSensitiveSubjects, DEFAULT_SENSITIVE_SUBJECTS } from '../../server/trends/sensitive-subjects.js';

describe('sentiment', () => {
  it('scores clearly negative texts below zero and clearly positive ones above', () => {
    expect(textSentiment('Terrible, horrible crash: dozens killed and injured')).toBeLessThan(-0.5);
    expect(textSentiment('Great news, we love this wonderful new bridge!')).toBeGreaterThan(0.5);
    expect(textSentiment('The bridge reopens on Tuesday at 9')).toBe(0);
    expect(textSentiment('')).toBe(0);
  });

  it('keeps a negation inside its sentence', () => {
    // natural alone would flip "great" after the "no" of the first sentence.
    expect(textSentiment('No delays today. Great service!')).toBeGreaterThan(0);
    expect(textSentiment('Not good at all')).toBeLessThan(0);
  });

  it('ignores links and mentions', () => {
    expect(textSentiment('@killer_fan http://example.com/terrible-awful')).toBe(0);
  });

  it('averages over texts', () => {
    expect(meanSentiment(['good', 'bad'])).toBeCloseTo(0, 5);
    expect(meanSentiment([])).toBe(0);
  });
});

describe('sensitive subjects', () => {
  it('flags subjects on clear examples and keeps unrelated chatter clean', () => {
    const crash = assessRisk([
      'Train derailed in the Bronx, four people dead and dozens injured',
      'Police confirm the deaths of four passengers',
      'Metro-North crash: the injured were taken to hospital',
    ]);
    expect(crash.flags).toEqual(expect.arrayContaining(['negative-sentiment', 'sensitive:death', 'sensitive:accident', 'do-not-engage']));
    expect(crash.doNotEngage).toBe(true);
    expect(crash.reasons.join('\n')).toMatch(/sensitive subject death in 2 of 3 items: do not engage/);

    const calm = assessRisk(['Harbor bridge reopens to traffic', 'The harbor bridge is open again', 'Bridge open, commuters happy']);
    expect(calm.flags).toEqual([]);
    expect(calm.doNotEngage).toBe(false);
  });

  it('a lawsuit is do-not-engage, an accident alone only goes to legal', () => {
    expect(assessRisk(['Customers sue the airline in a class action']).flags).toEqual(expect.arrayContaining(['sensitive:lawsuit', 'do-not-engage']));
    const fenderBender = assessRisk(['Minor collision on the ring road, traffic slow']);
    expect(fenderBender.flags).toContain('sensitive:accident');
    expect(fenderBender.doNotEngage).toBe(false);
  });

  it('needs a tenth of the texts before it calls the story sensitive', () => {
    const texts = ['one person died here', ...Array.from({ length: 19 }, (_, i) => `bridge news ${i}`)];
    expect(assessRisk(texts).flags).not.toContain('sensitive:death');
    expect(assessRisk(texts, { subjectMinShare: 0.05 }).flags).toContain('sensitive:death');
  });

  it('matches words, not pieces of words: a stable rapeseed market is not violence', () => {
    expect(assessRisk(['Stable rapeseed market, bombshell results for the killer app launch']).flags).toEqual([]);
  });

  it('takes a replacement list from configuration and refuses a bad term', () => {
    const subjects = compileSensitiveSubjects([{ flag: 'recall', terms: ['recall*', '"safety notice"'], doNotEngage: false }]);
    expect(assessRisk(['Carmaker recalls 10,000 cars'], { subjects }).flags).toEqual(['sensitive:recall']);
    expect(() => compileSensitiveSubjects([{ flag: 'recall', terms: ['"safety notice'], doNotEngage: false }])).toThrow(/recall, term "safety notice: unclosed quote at column 1/);
    expect(DEFAULT_SENSITIVE_SUBJECTS.map((s) => s.flag)).toEqual(
      expect.arrayContaining(['death', 'disaster', 'accident', 'lawsuit', 'violence', 'minors', 'terrorism', 'shooting', 'suicide', 'abuse']),
    );
  });
});

describe('named people', () => {
  it('finds names inside sentences and after titles, not places or sentence starts', () => {
    expect(namedPeople('The storm hit hard, said Maria Santos of the weather service.')).toEqual(['Maria Santos']);
    expect(namedPeople('Statement from Gov. Hickenlooper on the fires')).toEqual(['Hickenlooper']);
    expect(namedPeople('Mayor Bloomberg visits the site')).toEqual(['Bloomberg']);
    expect(namedPeople('Fires near Colorado Springs and the Red Cross shelter')).toEqual([]);
    expect(namedPeople('Breaking News: Heavy Rain In The City Tonight Again')).toEqual([]);
  });

  it('keeps the people a story keeps naming, at most a few, and merges short forms', () => {
    const texts = [
      'Governor Andrew Cuomo arrives at the scene',
      'Statement by Andrew Cuomo on the derailment',
      'Cuomo: the train was going too fast',
      'Passengers thank Cuomo for the visit',
      'a reporter named Sam Lee was there',
    ];
    expect(storyPeople(texts)).toEqual(['Andrew Cuomo']);
    const risk = assessRisk(texts);
    expect(risk.flags).toContain('named-person:Andrew Cuomo');
    expect(risk.reasons).toContain('names Andrew Cuomo: held for legal');
  });
});
