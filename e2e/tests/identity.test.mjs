// Identity end to end through the real Kratos: sign up, sign out, sign in, a wrong password, recovery by
// emailed code read from the dev inbox, social sign-in against a local OpenID Connect issuer, and an admin
// promoting a user who sees the new role without signing in again.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mailTo } from '../api.mjs';
import { launch, screenshot, baseURL, signIn, signInDemo } from '../browser.mjs';

const stamp = Date.now().toString(36);
const person = { email: `casey-${stamp}@example.com`, name: 'Casey Candidate', password: 'correct-horse-battery-42' };
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.context.close(); });

async function signOut(page) {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('user-menu-signout').click();
  await page.waitForURL('**/login?flow=*');
}

test('sign up with email and password lands on the dashboard as a candidate', async () => {
  const { page, errors } = browser;
  await page.goto('/registration');
  await page.waitForURL('**/registration?flow=*');
  await screenshot(page, 'registration-light');
  await page.locator('input[name="traits.email"]').fill(person.email);
  await page.locator('input[name="traits.name"]').fill(person.name);
  await page.locator('input[name="password"]').fill(person.password);
  await page.getByTestId('submit-password').click();
  await page.waitForURL(`${baseURL}/`);
  const greeting = page.getByTestId('dashboard-greeting');
  await greeting.waitFor();
  assert.match(await greeting.innerText(), /Casey Candidate/);
  assert.match((await greeting.innerText()).toLowerCase(), /candidate/);
  const me = await (await page.request.get('/api/me')).json();
  assert.equal(me.role, 'candidate');
  assert.equal(me.email, person.email);
  assert.deepEqual(errors, []);
});

test('a taken email is shown next to the form, and nothing is created', async () => {
  const ctx = await launch();
  try {
    const { page } = ctx;
    await page.goto('/registration');
    await page.waitForURL('**/registration?flow=*');
    await page.locator('input[name="traits.email"]').fill(person.email);
    await page.locator('input[name="traits.name"]').fill('Somebody Else');
    await page.locator('input[name="password"]').fill('another-long-password-7');
    await page.getByTestId('submit-password').click();
    await page.waitForURL('**/registration?flow=*');
    const messages = page.locator('[data-testid="flow-message"], [data-testid="node-message"]');
    await messages.first().waitFor();
    assert.match((await messages.allInnerTexts()).join(' '), /exists|already/i);
  } finally {
    await ctx.context.close();
  }
});

test('sign out, a wrong password is refused, the right one signs in', async () => {
  const { page } = browser;
  await signOut(page);
  assert.equal((await page.request.get('/api/me')).status(), 401);

  await signIn(page, person.email, 'not-the-password-1');
  await page.waitForURL('**/login?flow=*');
  const err = page.locator('[data-testid="flow-message"][data-type="error"], [data-testid="node-message"]');
  await err.first().waitFor();
  assert.match((await err.allInnerTexts()).join(' '), /credentials|password/i);
  await screenshot(page, 'login-error');

  await signIn(page, person.email, person.password);
  await page.waitForURL(`${baseURL}/`);
  await page.getByTestId('dashboard-greeting').waitFor();
});

test('account recovery by a code sent to the dev inbox', async () => {
  const { page } = browser;
  await signOut(page);
  await page.goto('/recovery');
  await page.waitForURL('**/recovery?flow=*');
  await page.locator('input[name="email"]').fill(person.email);
  await page.getByTestId('submit-code').click();
  await page.locator('input[name="code"]').waitFor();
  const text = await mailTo(page, person.email, 'recover');
  const code = text.match(/\b(\d{6})\b/)?.[1];
  assert.ok(code, `a six-digit code in the mail:\n${text}`);
  await page.locator('input[name="code"]').fill(code);
  await page.getByTestId('submit-code').click();
  // A recovered session is sent to settings to choose a new password.
  await page.waitForURL('**/settings?flow=*');
  assert.equal((await page.request.get('/api/me')).status(), 200);
  await screenshot(page, 'settings-after-recovery');

  // Choose a new password, and a new display name, in settings.
  person.password = 'a-brand-new-passphrase-9';
  const pw = page.getByTestId('settings-password');
  await pw.locator('input[name="password"]').fill(person.password);
  await pw.getByTestId('submit-password').click();
  await page.waitForURL('**/settings?flow=*');
  await page.locator('[data-testid="flow-message"][data-type="success"]').first().waitFor();

  person.name = 'Casey Renamed';
  const profile = page.getByTestId('settings-profile');
  await profile.locator('input[name="traits.name"]').fill(person.name);
  await profile.getByTestId('submit-profile').click();
  await page.waitForURL('**/settings?flow=*');
  await page.locator('[data-testid="flow-message"][data-type="success"]').first().waitFor();
  await page.goto('/');
  await page.getByTestId('dashboard-greeting').waitFor();
  assert.match(await page.getByTestId('dashboard-greeting').innerText(), /Casey Renamed/);

  // The new password signs in; the old one no longer does.
  await signOut(page);
  await signIn(page, person.email, 'correct-horse-battery-42');
  await page.waitForURL('**/login?flow=*');
  await page.locator('[data-testid="node-message"], [data-testid="flow-message"][data-type="error"]').first().waitFor();
  await signIn(page, person.email, person.password);
  await page.waitForURL(`${baseURL}/`);
});

test('social sign-in through an OpenID Connect provider creates a candidate', async () => {
  const social = await launch();
  try {
    const { page, errors } = social;
    const res = await fetch(process.env.OIDC_QUEUE_URL, {
      method: 'POST',
      body: JSON.stringify({ subject: `sub-${stamp}`, email: `sam-${stamp}@example.com`, name: 'Sam Social' }),
    });
    assert.equal(res.status, 204);
    await page.goto('/login');
    await page.waitForURL('**/login?flow=*');
    await page.getByTestId('oidc-sso').click();
    await page.waitForURL(`${baseURL}/`);
    const greeting = page.getByTestId('dashboard-greeting');
    await greeting.waitFor();
    assert.match(await greeting.innerText(), /Sam Social/);
    const me = await (await page.request.get('/api/me')).json();
    assert.equal(me.email, `sam-${stamp}@example.com`);
    assert.equal(me.role, 'candidate');
    assert.deepEqual(errors, []);
  } finally {
    await social.context.close();
  }
});

test('an admin promotes the candidate, who sees it without signing in again', async () => {
  const { page } = browser; // still signed in as the candidate (after recovery)
  const admin = await launch({ colorScheme: 'dark' });
  try {
    const a = admin.page;
    await signInDemo(a, 'admin@interviewprep.dev');
    await a.getByTestId('user-menu').click();
    await a.getByTestId('user-menu-admin').click();
    await a.waitForURL('**/admin/users');
    await a.getByTestId('admin-users-search').fill(person.email);
    const row = a.locator(`[data-testid="admin-user-row"][data-email="${person.email}"]`);
    await row.waitFor();
    // The search is debounced: wait until the list holds just that person.
    await a.waitForFunction(() => document.querySelectorAll('[data-testid="admin-user-row"]').length === 1);
    await screenshot(a, 'admin-users-dark');
    await row.getByTestId('role-select').selectOption('interviewer');
    await a.waitForFunction(async (email) => {
      const r = await fetch(`/api/users?q=${encodeURIComponent(email)}`);
      const body = await r.json();
      return body.users.some((u) => u.email === email && u.role === 'interviewer');
    }, person.email);
  } finally {
    await admin.context.close();
  }
  await page.goto('/');
  await page.getByTestId('dashboard-greeting').waitFor();
  assert.match((await page.getByTestId('dashboard-greeting').innerText()).toLowerCase(), /interviewer/);
  const me = await (await page.request.get('/api/me')).json();
  assert.equal(me.role, 'interviewer');
});

test('a candidate cannot reach admin pages or routes', async () => {
  const c = await launch();
  try {
    const { page } = c;
    await signInDemo(page, 'grace@interviewprep.dev');
    const res = await page.request.put('/api/users/someone/role', { data: { role: 'admin' }, headers: { Origin: baseURL } });
    assert.equal(res.status(), 403);
    await page.goto('/admin/users');
    assert.equal(await page.getByTestId('admin-user-row').count(), 0);
  } finally {
    await c.context.close();
  }
});

test('an admin deletes the user, whose session ends at once', async () => {
  const { page } = browser; // still signed in as the (now interviewer) person
  // The dialog at phone width in dark, opened and cancelled: nothing is deleted.
  const phone = await launch({ colorScheme: 'dark', viewport: { width: 390, height: 844 } });
  try {
    const p = phone.page;
    await signInDemo(p, 'admin@interviewprep.dev');
    await p.goto('/admin/users');
    await p.getByTestId('admin-users-search').fill(person.email);
    await p.waitForFunction(() => document.querySelectorAll('[data-testid="admin-user-row"]').length === 1);
    await p.locator(`[data-testid="admin-user-row"][data-email="${person.email}"]`).getByTestId('delete-user-button').click();
    await p.getByTestId('delete-user-dialog').waitFor();
    await p.getByTestId('delete-user-confirm').fill(person.email.toUpperCase());
    assert.equal(await p.getByTestId('delete-user-submit').isDisabled(), false, 'the email is compared without case');
    await screenshot(p, 'admin-delete-user-phone-dark');
    await p.getByRole('button', { name: 'Cancel' }).click();
    await p.getByTestId('delete-user-dialog').waitFor({ state: 'detached' });
  } finally {
    await phone.context.close();
  }
  assert.equal((await page.request.get('/api/me')).status(), 200, 'cancelling deleted nothing');
  const admin = await launch();
  try {
    const a = admin.page;
    await signInDemo(a, 'admin@interviewprep.dev');
    await a.goto('/admin/users');
    await a.getByTestId('admin-users-search').fill(person.email);
    await a.waitForFunction(() => document.querySelectorAll('[data-testid="admin-user-row"]').length === 1);
    const row = a.locator(`[data-testid="admin-user-row"][data-email="${person.email}"]`);
    await row.getByTestId('delete-user-button').click();
    const dialog = a.getByTestId('delete-user-dialog');
    await dialog.waitFor();
    assert.equal(await dialog.getByTestId('delete-user-submit').isDisabled(), true);
    await dialog.getByTestId('delete-user-confirm').fill(person.email);
    await screenshot(a, 'admin-delete-user');
    await dialog.getByTestId('delete-user-submit').click();
    await a.getByTestId('admin-users-empty').waitFor();
    const erasures = await (await a.request.get('/api/erasures')).json();
    assert.equal(erasures.erasures[0].state, 'completed');
    assert.doesNotMatch(JSON.stringify(erasures), new RegExp(person.email.replace(/[.]/g, '\\.')));
  } finally {
    await admin.context.close();
  }
  assert.equal((await page.request.get('/api/me')).status(), 401);
});
