/** wink-porter2-stemmer ships no types; this is the part Conduct uses. */
declare module 'wink-porter2-stemmer' {
  const stem: (word: string) => string;
  export default stem;
}
