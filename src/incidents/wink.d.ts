/** wink-naive-bayes-text-classifier and wink-porter2-stemmer ship no types; these are the parts Conduct uses. */
declare module 'wink-naive-bayes-text-classifier' {
  const create: () => unknown;
  export default create;
}

declare module 'wink-porter2-stemmer' {
  const stem: (word: string) => string;
  export default stem;
}
