/**
 * The security tests' HTTP client is the adapter contract's browser (src/testing/browser.ts): one
 * cookie jar, explicit headers, manual redirects, over real HTTP on 127.0.0.1.
 */
export { Browser as Client } from '../../src/testing/browser.js';
export type { BrowserReply as Reply, BrowserRequest as RequestOptions } from '../../src/testing/browser.js';
