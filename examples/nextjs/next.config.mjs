/** @type {import('next').NextConfig} */
export default {
  // Loaded by Node at run time rather than bundled: one copy of Sesame and of its SQLite driver.
  serverExternalPackages: ['sesame-session', 'better-sqlite3'],
  // As a new Next.js 16 app has them: pages that read the session opt out of prerendering
  // (app/status/page.tsx).
  cacheComponents: true,
  partialPrefetching: true,
};
