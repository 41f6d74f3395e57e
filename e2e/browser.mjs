// Shared browser set-up: Debian's Chromium through playwright-core, with the
// flags this machine needs (DESIGN §7).
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const baseURL = process.env.BASE_URL ?? 'http://localhost:8080';

export const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];

/** Launches a persistent-profile Chromium (so reloads keep localStorage). */
export async function launch({ colorScheme = 'light', viewport = { width: 1280, height: 800 } } = {}) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'interviewprep-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: chromiumArgs,
    colorScheme,
    viewport,
    baseURL,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return { context, page, errors };
}

/** Saves a screenshot under e2e/screenshots/ (for people to look at). */
export async function screenshot(page, name) {
  const dir = new URL('./screenshots/', import.meta.url);
  await page.screenshot({ path: new URL(`${name}.png`, dir).pathname, fullPage: true });
}
