/** @type {import('next').NextConfig} */
export default {
  // Loaded by Node at run time rather than bundled: one copy of Sesame and of its SQLite driver.
  serverExternalPackages: ['sesame-session', 'better-sqlite3'],
};
