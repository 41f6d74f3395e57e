// The app shell: theme switching that survives a reload, the status page
// showing every real component healthy, and the phone layout.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { launch, screenshot } from '../browser.mjs';

let browser;
before(async () => { browser = await launch({ colorScheme: 'light' }); });
after(async () => { await browser?.context.close(); });

const isDark = (page) => page.evaluate(() => document.documentElement.classList.contains('dark'));

test('dark mode is chosen, kept across a reload, and every component is healthy', async () => {
  const { page, errors } = browser;
  await page.goto('/status');
  assert.equal(await isDark(page), false, 'a light system starts light');

  await page.getByTestId('theme-toggle').click();
  await page.getByTestId('theme-dark').click();
  assert.equal(await isDark(page), true, 'choosing dark applies it');

  await page.reload();
  assert.equal(await isDark(page), true, 'dark is kept after a reload');
  assert.equal(await page.evaluate(() => localStorage.getItem('interviewprep-theme')), 'dark');

  await page.getByTestId('nav-status').click();
  await page.waitForURL('**/status');
  for (const name of ['database', 'kratos', 'livekit', 'mail']) {
    const row = page.getByTestId(`component-${name}`);
    await row.waitFor();
    assert.equal(await row.getAttribute('data-status'), 'up', `${name} is up`);
  }
  assert.equal(await page.getByTestId('overall-status').getAttribute('data-status'), 'up');
  await screenshot(page, 'status-dark');
  assert.deepEqual(errors, [], 'no page errors');
});

test('system theme follows the operating system again', async () => {
  const { page } = browser;
  await page.goto('/status');
  await page.getByTestId('theme-toggle').click();
  await page.getByTestId('theme-system').click();
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForFunction(() => document.documentElement.classList.contains('dark'));
  await page.emulateMedia({ colorScheme: 'light' });
  await page.waitForFunction(() => !document.documentElement.classList.contains('dark'));
  await screenshot(page, 'status-light');
});

test('on a phone the navigation is a menu', async () => {
  const phone = await launch({ viewport: { width: 390, height: 844 } });
  try {
    const { page, errors } = phone;
    await page.goto('/status');
    await page.getByTestId('component-database').waitFor();
    assert.equal(await page.getByTestId('nav-status').isVisible(), false, 'desktop nav hidden on a phone');
    await page.getByTestId('nav-menu').click();
    await page.getByRole('dialog').getByTestId('nav-dev-mail').click();
    await page.waitForURL('**/dev/mail');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByTestId('nav-menu').click();
    await page.getByRole('dialog').getByTestId('nav-status').click();
    await page.waitForURL('**/status');
    await page.getByTestId('component-database').waitFor();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`);
    await screenshot(page, 'status-phone');
    assert.deepEqual(errors, []);
  } finally {
    await phone.context.close();
  }
});

test('unknown routes show the app’s 404 page, unknown API paths a JSON 404', async () => {
  const { page } = browser;
  await page.goto('/no/such/page');
  await page.getByTestId('not-found').waitFor();
  const res = await page.request.get('/api/no-such-route');
  assert.equal(res.status(), 404);
  assert.ok((await res.json()).error);
});
