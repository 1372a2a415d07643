// What other capabilities may use of compliance. They import from '../compliance' and nowhere deeper;
// eslint.config.mjs enforces it.
export { csvReply } from './download';
