// Scheduling end to end: an interviewer schedules an interview and it appears on the candidate's open
// dashboard without a reload; an instant interview goes live; comments and the outcome stay with the
// interviewers; invalid input is refused next to the field.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { launch, screenshot, signInDemo } from '../browser.mjs';

let ada; // interviewer
let grace; // candidate
before(async () => {
  ada = await launch();
  grace = await launch({ colorScheme: 'dark' });
  for (const [b, email] of [[ada, 'ada@interviewprep.dev'], [grace, 'grace@interviewprep.dev']]) {
    await signInDemo(b.page, email);
  }
});
after(async () => {
  await ada?.context.close();
  await grace?.context.close();
});

/** The value of an <input type="datetime-local"> for a moment `ms` from now, in the browser's zone. */
function localInput(ms) {
  const d = new Date(Date.now() + ms);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

async function pick(page, picker, query, email) {
  await page.getByTestId(picker).fill(query);
  await page.locator(`[data-testid="picker-option"][data-email="${email}"]`).click();
}

test('invalid input is refused next to the field, and nothing is created', async () => {
  const { page } = ada;
  await page.goto('/interviews/new');
  await page.getByTestId('interview-form').waitFor();
  const before = await (await page.request.get('/api/interviews')).json();
  await page.getByTestId('field-title').locator('input').fill('Too early');
  await pick(page, 'candidate-picker', 'grace', 'grace@interviewprep.dev');
  await pick(page, 'interviewer-picker', 'alan', 'alan@interviewprep.dev');
  await page.getByTestId('field-startsAt').locator('input').fill(localInput(-3 * 3600_000));
  await page.getByTestId('interview-save').click();
  const err = page.getByTestId('field-error-startsAt');
  await err.waitFor();
  assert.match(await err.innerText(), /past/i);
  assert.equal(await page.getByTestId('field-title').locator('input').inputValue(), 'Too early', 'input kept');
  const afterList = await (await page.request.get('/api/interviews')).json();
  assert.equal(afterList.total, before.total, 'nothing written');
  await screenshot(page, 'schedule-form-error');
});

test('a scheduled interview appears on the candidate’s open dashboard without a reload', async () => {
  await grace.page.goto('/');
  await grace.page.getByTestId('dashboard-upcoming').waitFor();

  const { page } = ada;
  await page.goto('/');
  await page.getByTestId('schedule-button').click();
  await page.getByTestId('interview-form').waitFor();
  await page.getByTestId('field-title').locator('input').fill('System design: rate limiter');
  await page.getByTestId('field-description').locator('textarea').fill('Design a distributed rate limiter.');
  await pick(page, 'candidate-picker', 'grace', 'grace@interviewprep.dev');
  await pick(page, 'interviewer-picker', 'alan', 'alan@interviewprep.dev');
  await page.getByTestId('field-startsAt').locator('input').fill(localInput(2 * 86400_000));
  await page.getByTestId('interview-save').click();
  await page.waitForURL(/\/interviews\/(?!new$)[^/]+$/);
  const id = page.url().split('/').pop();
  const saved = Date.now();

  const card = grace.page.locator(`[data-testid="dashboard-upcoming"] [data-testid="interview-card"][data-id="${id}"]`);
  await card.waitFor({ timeout: 10_000 });
  console.log(`# interview visible on the other dashboard ${Date.now() - saved} ms after save`);
  assert.equal(await card.getAttribute('data-status'), 'upcoming');
  await screenshot(grace.page, 'dashboard-candidate-dark');

  // The invitation reached the candidate in-app.
  await grace.page.getByTestId('notifications-count').waitFor();
});

test('an instant interview goes live; interviewers comment and set the outcome, the candidate sees none of it', async () => {
  const { page } = ada;
  await page.goto('/');
  await page.getByTestId('instant-button').click();
  await pick(page, 'candidate-picker', 'grace', 'grace@interviewprep.dev');
  await page.getByTestId('instant-start').click();
  await page.waitForURL(/\/interviews\/(?!new$)[^/]+$/);
  const id = page.url().split('/').pop();
  assert.equal(await page.getByTestId('interview-status').getAttribute('data-status'), 'live');

  const live = grace.page.locator(`[data-testid="dashboard-live"] [data-testid="interview-card"][data-id="${id}"]`);
  await grace.page.goto('/');
  await live.waitFor({ timeout: 10_000 });

  await page.getByTestId('comment-content').fill('Clear reasoning about trade-offs; tests first.');
  await page.getByTestId('comment-rating-4').click();
  await page.getByTestId('comment-submit').click();
  await page.getByTestId('comment').first().waitFor();
  await page.getByTestId('outcome-succeeded').click();
  await page.locator('[data-testid="interview-outcome"][data-outcome="succeeded"]').waitFor();
  await screenshot(page, 'interview-interviewer');

  await grace.page.goto(`/interviews/${id}`);
  await grace.page.getByTestId('interview-title').waitFor();
  assert.equal(await grace.page.getByTestId('comment').count(), 0);
  assert.equal(await grace.page.getByTestId('outcome-succeeded').count(), 0);
  assert.equal(await grace.page.getByTestId('comment-content').count(), 0);
  assert.equal((await grace.page.request.get(`/api/interviews/${id}/comments`)).status(), 403);
  const mine = await (await grace.page.request.get(`/api/interviews/${id}`)).json();
  assert.match(mine.docs?.code ?? '', /^automerge:/, 'the candidate gets the code document');
  assert.equal(mine.docs.notes, undefined, 'a candidate never gets the notes document');
});

test('the question bank filters by difficulty', async () => {
  const { page } = ada;
  await page.goto('/problems');
  await page.getByTestId('problem-row').first().waitFor();
  const hard = await (await page.request.get('/api/problems?difficulty=hard')).json();
  assert.ok(hard.problems.length > 0, 'the catalog has hard problems');
  await page.getByTestId('problems-difficulty').selectOption('hard');
  const want = hard.problems.map((p) => p.slug).sort();
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="problem-row"]').length === n,
    want.length,
  );
  const slugs = await page.getByTestId('problem-row').evaluateAll((rows) => rows.map((r) => r.dataset.slug));
  assert.deepEqual(slugs.sort(), want);
  await screenshot(page, 'problems-filtered');
});
