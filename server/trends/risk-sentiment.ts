import SentimentAnalyzer from 'natural/lib/natural/sentiment/SentimentAnalyzer.js';
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { foldText } from './beat-text.js';

/*
 * Sentiment with natural's AFINN-165 analyzer (English, Porter stemmer). AFINN gives words a
 * score from −5 to +5 and the analyzer divides the sum by the number of words, so a text's
 * score is a per-word average. natural turns every word after a negation ("not", "no") the
 * other way until the text ends; scoring sentence by sentence keeps a "no" in one sentence
 * from flipping the next.
 */

let analyzer: SentimentAnalyzer | null = null;
function english(): SentimentAnalyzer {
  analyzer ??= new SentimentAnalyzer('English', PorterStemmer, 'afinn');
  return analyzer;
}

const SENTENCE = /[.!?;:\n]+/;
const NOISE = /\bhttps?:\/\/\S+|\bwww\.\S+|(?<![\p{L}\p{N}_])@[\p{L}\p{N}_.]+|\brt\b/gu;
const WORD = /[a-z]+(?:'[a-z]+)?/g;

/** The AFINN score of one text: the average over its words, sentence by sentence; 0 for no words. */
export function textSentiment(text: string): number {
  let total = 0;
  let words = 0;
  for (const sentence of foldText(text).replace(/’/g, "'").replace(NOISE, ' ').split(SENTENCE)) {
    const tokens = sentence.match(WORD);
    if (!tokens) continue;
    total += english().getSentiment(tokens) * tokens.length;
    words += tokens.length;
  }
  return words === 0 ? 0 : total / words;
}

/** The mean of the texts' scores (texts without a word count as neutral), 0 when there are none. */
export function meanSentiment(texts: readonly string[]): number {
  if (texts.length === 0) return 0;
  return texts.reduce((sum, text) => sum + textSentiment(text), 0) / texts.length;
}
