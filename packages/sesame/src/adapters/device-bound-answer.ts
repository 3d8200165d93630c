/**
 * Writing a DBSC endpoint answer (`sessions.deviceBoundEndpoint`) onto a Node `ServerResponse`,
 * shared by the Express adapter and the express-session layer. The answer is complete: nothing of
 * the application runs for it.
 *
 * @module
 */
import type { ServerResponse } from 'node:http';
import type { DeviceBoundAnswer } from '../device-bound/answer.js';

/** Send `answer` as the whole response. */
export function sendDeviceBoundAnswer(res: ServerResponse, answer: DeviceBoundAnswer): void {
  res.statusCode = answer.status;
  for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
  if (answer.setCookies.length > 0) res.setHeader('Set-Cookie', [...answer.setCookies]);
  res.end(answer.body);
}
