/**
 * The system Chromium for browser tests (Debian `chromium`, installed by `.ci/run`), never a
 * downloaded browser. When it is missing the tests skip locally and fail in CI with a message
 * that says what to install.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import { isCi } from './servers.js';

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Whether browser tests can run; throws in CI when they cannot. */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (isCi()) {
    throw new Error(
      `Browser tests need Chromium at ${CHROMIUM_PATH} (Debian: apt-get install chromium; or set CHROMIUM_PATH). Refusing to skip them in CI.`,
    );
  }
  return false;
}

/** What every test browser is started with: no sandbox (root in CI), no GPU, nothing in the background. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** One headless Chromium per test file; each test opens its own contexts (own cookie jars). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}
