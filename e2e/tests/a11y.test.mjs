// Every page of the app passes axe-core with no serious or critical violation: signed out and signed in,
// as an admin (who can open every page) and as a candidate, in light, dark and at phone width. The route
// list is read from the app's router, so a new page cannot be left out of this test.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { a11yViolations } from '../a11y.mjs';
import { createInterview } from '../api.mjs';
import { launch, screenshot, signInDemo } from '../browser.mjs';

const appSource = readFileSync(new URL('../../web/src/App.tsx', import.meta.url), 'utf8');
const routerPaths = [...appSource.matchAll(/<Route\s[^>]*\bpath="([^"]+)"/g)].map((m) => m[1]);
const hasIndexRoute = /<Route\s+index\b/.test(appSource);

// Where each route of the router is opened, and by whom: 'out' signed out, 'admin' as the demo admin.
// Ids are filled in once the demo data is known.
function pagesFor(ids) {
  return {
    login: ['out', '/login'],
    registration: ['out', '/registration'],
    recovery: ['out', '/recovery'],
    verification: ['out', '/verification'],
    error: ['out', '/error'],
    status: ['admin', '/status'],
    'dev/mail/:id?': ['admin', '/dev/mail'],
    settings: ['admin', '/settings'],
    'interviews/:id': ['admin', `/interviews/${ids.interview}`],
    'interviews/new': ['admin', '/interviews/new'],
    'interviews/:id/edit': ['admin', `/interviews/${ids.interview}/edit`],
    // The call's setup page (the interview is tomorrow: it says when the call opens). The call itself is
    // checked by the room test's screenshots, which run axe-core too.
    'interviews/:id/room': ['admin', `/interviews/${ids.interview}/room`],
    // The replay of an interview with no recording and no edits yet (code only); the recording test's
    // screenshots check a replay with video.
    'interviews/:id/replay': ['admin', `/interviews/${ids.interview}/replay`],
    problems: ['admin', '/problems'],
    'problems/new': ['admin', '/problems/new'],
    'problems/:id': ['admin', `/problems/${ids.problem}`],
    'problems/:id/edit': ['admin', `/problems/${ids.problem}/edit`],
    'admin/users': ['admin', '/admin/users'],
    interviews: ['admin', '/interviews'],
    '*': ['admin', '/no/such/page'],
  };
}

let out; let admin; let adminDark; let candidate; let phone;
let ids;
before(async () => {
  [out, admin, adminDark, candidate, phone] = await Promise.all([
    launch(), launch(), launch({ colorScheme: 'dark' }), launch({ colorScheme: 'dark' }),
    launch({ viewport: { width: 390, height: 844 } }),
  ]);
  await signInDemo(admin.page, 'admin@interviewprep.dev');
  await signInDemo(adminDark.page, 'admin@interviewprep.dev');
  await signInDemo(phone.page, 'admin@interviewprep.dev');
  await signInDemo(candidate.page, 'grace@interviewprep.dev');
  const problems = await (await admin.page.request.get('/api/problems')).json();
  assert.ok(problems.problems?.length > 0, 'the built-in problems are there');
  const problem = problems.problems[0].id;
  // Tomorrow: every interview page opens for it, the edit page included.
  const interview = await createInterview(admin.page, {
    title: 'Accessibility walk-through', candidate: 'grace@interviewprep.dev',
    interviewers: ['ada@interviewprep.dev'], startsAt: new Date(Date.now() + 24 * 3600_000), problemId: problem,
  });
  ids = { interview: interview.id, problem };
});
after(async () => {
  await Promise.all([out, admin, adminDark, candidate, phone].map((b) => b?.context.close()));
});

/** Opens path and waits until the page has its heading and nothing is loading. */
async function open(page, path) {
  await page.goto(path);
  await page.locator('h1').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
}

async function check(browser, path, label) {
  await open(browser.page, path);
  return (await a11yViolations(browser.page)).map((v) => `${label} ${path}: ${v}`);
}

test('every route of the router is covered by this test', () => {
  assert.ok(hasIndexRoute, 'the dashboard is the index route');
  const covered = Object.keys(pagesFor({ interview: 'x', problem: 'x' }));
  assert.deepEqual(routerPaths.filter((p) => !covered.includes(p)), [],
    'add each new route to pagesFor() in e2e/tests/a11y.test.mjs');
  assert.ok(routerPaths.length >= covered.length, 'every page listed here is still a route');
});

test('every page, light and dark, has no serious or critical axe-core violation', async () => {
  const found = [];
  for (const [who, path] of Object.values(pagesFor(ids))) {
    if (who === 'out') {
      found.push(...await check(out, path, 'signed out, light'));
    } else {
      found.push(...await check(admin, path, 'admin, light'));
      found.push(...await check(adminDark, path, 'admin, dark'));
    }
  }
  found.push(...await check(admin, '/', 'admin, light'));
  found.push(...await check(adminDark, '/', 'admin, dark'));
  // The candidate's own views: their dashboard, the interview page without comments, settings.
  for (const path of ['/', `/interviews/${ids.interview}`, '/settings']) {
    found.push(...await check(candidate, path, 'candidate, dark'));
  }
  assert.deepEqual(found, []);
  // The problem statement goes through the Markdown renderer: a picture of it in both themes.
  await open(admin.page, `/problems/${ids.problem}`);
  await admin.page.locator('pre, table').first().waitFor();
  await screenshot(admin.page, 'problem-light');
  await open(adminDark.page, `/problems/${ids.problem}`);
  await adminDark.page.locator('pre, table').first().waitFor();
  await screenshot(adminDark.page, 'problem-dark');
  for (const b of [out, admin, adminDark, candidate]) assert.deepEqual(b.errors, [], 'no page errors');
});

test('at phone width, every signed-in page and the open menu have no serious or critical violation', async () => {
  const found = [];
  for (const [who, path] of [['admin', '/'], ...Object.values(pagesFor(ids))]) {
    if (who === 'out') continue;
    found.push(...await check(phone, path, 'admin, phone'));
  }
  await open(phone.page, '/');
  await phone.page.getByTestId('nav-menu').click();
  await phone.page.getByRole('dialog').waitFor();
  found.push(...(await a11yViolations(phone.page)).map((v) => `admin, phone, menu open: ${v}`));
  assert.deepEqual(found, []);
});
