// natural's package root loads database drivers and reads .env at import time, so we import
// the submodules we use; these are their shapes.
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(token: string): string };
  export default PorterStemmer;
}
declare module 'natural/lib/natural/util/stopwords.js' {
  export const words: string[];
}
declare module 'natural/lib/natural/tokenizers/regexp_tokenizer.js' {
  export class WordTokenizer {
    tokenize(text: string): string[];
  }
}
declare module 'natural/lib/natural/sentiment/SentimentAnalyzer.js' {
  /** AFINN, senticon or pattern polarity: the sum of the words' scores over the number of words. */
  class SentimentAnalyzer {
    constructor(language: string, stemmer: { stem(token: string): string } | null | undefined, type: string);
    getSentiment(words: string[]): number;
  }
  export default SentimentAnalyzer;
}
declare module 'natural/lib/natural/util/stopwords_es.js' {
  export const words: string[];
}
declare module 'natural/lib/natural/util/stopwords_fr.js' {
  export const words: string[];
}
declare module 'natural/lib/natural/util/stopwords_id.js' {
  export const words: string[];
}
declare module 'natural/lib/natural/util/stopwords_it.js' {
  export const words: string[];
}
declare module 'natural/lib/natural/util/stopwords_nl.js' {
  export const words: string[];
}
declare module 'natural/lib/natural/util/stopwords_pt.js' {
  export const words: string[];
}
