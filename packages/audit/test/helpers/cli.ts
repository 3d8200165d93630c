/**
 * Run the command as a user would (`main`, as alice, the password from the environment), with
 * stdout and stderr captured, for tests.
 *
 * @module
 */
import { main } from '../../src/cli.js';
import { USER } from '../fixtures/serve.js';

/** What one run printed, and its exit code. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `sesame-session-audit --username alice <args>` with SESAME_AUDIT_PASSWORD set. */
export async function cli(args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(['--username', USER.username, ...args], {
    stdout: { write: (t: string) => void (stdout += t) },
    stderr: { write: (t: string) => void (stderr += t) },
    env: { SESAME_AUDIT_PASSWORD: USER.password },
  });
  return { code, stdout, stderr };
}
