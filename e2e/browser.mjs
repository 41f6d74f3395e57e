// Shared browser set-up: Debian's Chromium through playwright-core, with the
// flags this machine needs (docs/architecture.md §7), signing in, and screenshots that are
// checked with axe-core before they are taken.
import { chromium } from 'playwright-core';
import { assertAccessible } from './a11y.mjs';
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

/** Chromium's flags for each kind of camera and microphone a test wants. */
function mediaArgs(media) {
  switch (media) {
    case 'fake': return chromiumArgs; // a test pattern and a beep, permission granted
    case 'none': // no device at all: getUserMedia fails with NotFoundError
      return chromiumArgs.filter((a) => a !== '--use-fake-device-for-media-stream');
    case 'denied': // devices exist, the person says no: NotAllowedError
      return [...chromiumArgs.filter((a) => a !== '--use-fake-ui-for-media-stream'), '--deny-permission-prompts'];
    default: throw new Error(`unknown media ${media}`);
  }
}

/** Launches a persistent-profile Chromium (so reloads keep localStorage). */
export async function launch({ colorScheme = 'light', viewport = { width: 1280, height: 800 }, media = 'fake' } = {}) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'interviewprep-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: mediaArgs(media),
    colorScheme,
    viewport,
    baseURL,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return { context, page, errors };
}

/** The password of every demo login (`interviewprep dev` creates them). */
export const demoPassword = 'interview-prep-demo';

/** Submits the password sign-in form; the caller waits for where it should land. */
export async function signIn(page, email, password = demoPassword) {
  await page.goto('/login');
  await page.waitForURL('**/login?flow=*');
  await page.locator('input[name="identifier"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.getByTestId('submit-password').click();
}

/** Signs in with a demo login and waits for the dashboard. */
export async function signInDemo(page, email) {
  await signIn(page, email);
  await page.waitForURL(`${baseURL}/`);
}

/**
 * Saves a screenshot under e2e/screenshots/ (for people to look at). Every page a test shows people is also
 * checked with axe-core first: a serious or critical violation fails the test.
 */
export async function screenshot(page, name) {
  await assertAccessible(page, `screenshot "${name}"`);
  const dir = new URL('./screenshots/', import.meta.url);
  await page.screenshot({ path: new URL(`${name}.png`, dir).pathname, fullPage: true });
}
