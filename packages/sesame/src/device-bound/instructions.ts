/**
 * The JSON session instructions (W3C DBSC draft, "JSON Session Instruction Format"; the fields
 * Chromium's session_json_utils.cc requires: `session_identifier`, `scope.include_site`, at least
 * one `credentials` entry of type `cookie`). The session covers the origin that registered it
 * (`include_site: false`), refreshes at `refresh_url`, and protects the one bound cookie.
 *
 * @module
 */

/** The instructions for one DBSC session, serialized. */
export function sessionInstructions(
  sessionId: string,
  refreshPath: string,
  cookieName: string,
  cookieAttributes: string,
): string {
  return JSON.stringify({
    session_identifier: sessionId,
    refresh_url: refreshPath,
    scope: { include_site: false },
    credentials: [{ type: 'cookie', name: cookieName, attributes: cookieAttributes }],
  });
}

/** What ends the browser's DBSC session: the draft's `continue: false`. */
export function endInstructions(sessionId: string): string {
  return JSON.stringify({ session_identifier: sessionId, continue: false });
}
