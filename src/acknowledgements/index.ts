// What other capabilities may use of acknowledgements (who has signed which policy version).
// They import from '../acknowledgements' and nowhere deeper; eslint.config.mjs enforces it.

export type { Acknowledgement } from './model';
export { signatureCount, signaturesAmong, signersOf } from './store';
export type { RecordedSignature } from './sign';
