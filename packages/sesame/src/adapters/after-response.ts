/**
 * The {@link AfterResponse} of a Node.js response: work run once it is sent. `'close'` comes once
 * per response, after `'finish'`, and also when the client went away first, so a touch left to
 * it is written either way (kept-alive connections included).
 *
 * @module
 */
import type { ServerResponse } from 'node:http';
import type { AfterResponse } from '../http.js';

/** Run work once `res` is sent or abandoned. */
export function afterNodeResponse(res: ServerResponse): AfterResponse {
  return (run) => void res.once('close', run);
}
