// chrono-node's English entry point ('chrono-node/en', used by ./time.ts): the package names it only
// in its "exports", which "moduleResolution": "node" does not read, so its types are named here.
declare module 'chrono-node/en' {
  export * from 'chrono-node/dist/cjs/locales/en';
}
