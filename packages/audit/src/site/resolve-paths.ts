/**
 * Paths the user gave that the site has moved for good: Django's `APPEND_SLASH` answers
 * `/account` with `301 → /account/`, and a form on the page then posts to `/logout/`, not the
 * `/logout` that was given (issue 14). Each path is asked once, anonymously (a logout or a login
 * page visited without a session changes nothing), and a permanent same-origin redirect
 * (301/308, RFC 9110 §15.4.2 and §15.4.9) is adopted; temporary ones (302/303/307, e.g. to the
 * sign-in page) are not, since they say where this visitor goes, not where the page lives.
 *
 * @module
 */
import type { Agent } from '../http/agent.js';
import { basePath, isSameOrigin, shortUrl } from '../http/target.js';
import type { AuditOptions } from '../options.js';

const MAX_HOPS = 5;

/** The path `path` permanently moved to (itself when it did not). */
export async function movedPath(agent: Agent, method: string, path: string): Promise<string> {
  let current = new URL(path, agent.target);
  for (let i = 0; i < MAX_HOPS; i++) {
    const hop = await agent.send(method, current, {
      headers: { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'navigate' },
      ...(method === 'GET' || method === 'HEAD' ? {} : { form: {} }),
    });
    const next = hop.location;
    if ((hop.status !== 301 && hop.status !== 308) || next === null || !isSameOrigin(agent.target, next))
      break;
    if (next.href === current.href) break;
    current = next;
  }
  return shortUrl(current);
}

/**
 * For a target URL with a path (`https://shop.example/app/`), the paths the audit will use, so
 * that a path given from the host's root (`/login`, outside `/app/`) does not go unnoticed.
 */
export function basePathNote(options: AuditOptions): string | null {
  const base = basePath(options.target);
  if (base === '/') return null;
  const paths: [string, string][] = [
    ['--login-path', options.loginPath],
    ['--protected-path', options.protectedPath],
    ['--logout-path', options.logout.path],
  ];
  const outside = paths.filter(([, path]) => !path.startsWith(base)).map(([flag]) => flag);
  const warning =
    outside.length === 0
      ? ''
      : ` (${outside.join(', ')} outside ${base}: a path that starts with / is taken from the host's root)`;
  return `paths under ${base}: ${paths.map(([flag, path]) => `${flag} ${path}`).join(', ')}${warning}`;
}

/**
 * Options with the login, protected and logout paths replaced by where they moved for good, and
 * the notes to show about them.
 *
 * @example
 * const { options, notes } = await resolvePaths(ctx.newAgent(), ctx.options);
 */
export async function resolvePaths(
  agent: Agent,
  options: AuditOptions,
): Promise<{ options: AuditOptions; notes: string[] }> {
  const base = basePathNote(options);
  const notes: string[] = base === null ? [] : [base];
  const resolve = async (label: string, method: string, path: string): Promise<string> => {
    const moved = await movedPath(agent, method, path);
    if (moved !== path) notes.push(`${label} ${path} moved permanently to ${moved}; using it`);
    return moved;
  };
  const loginPath = await resolve('--login-path', 'GET', options.loginPath);
  const protectedPath = await resolve('--protected-path', 'GET', options.protectedPath);
  const logoutPath = await resolve('--logout-path', options.logout.method, options.logout.path);
  return {
    options: { ...options, loginPath, protectedPath, logout: { ...options.logout, path: logoutPath } },
    notes,
  };
}
