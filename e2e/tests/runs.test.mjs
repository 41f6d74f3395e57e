// Running code from the room, in the real sandbox: the candidate runs the editor's code with standard input and
// everyone in the room sees the output; an interviewer adds a hidden test, "Run tests" runs the problem's tests and
// it, and the candidate sees the hidden one only as passed or failed.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createInterview } from '../api.mjs';
import { launch, screenshot, signInDemo } from '../browser.mjs';
import { caretAt, openCode, waitForText } from '../editor.mjs';

const ADA = 'ada@interviewprep.dev'; // interviewer
const GRACE = 'grace@interviewprep.dev'; // candidate

let ada; let grace; let iv;
before(async () => {
  [ada, grace] = await Promise.all([launch({ colorScheme: 'dark' }), launch()]);
  await Promise.all([signInDemo(ada.page, ADA), signInDemo(grace.page, GRACE)]);
  const problems = (await (await ada.page.request.get('/api/problems')).json()).problems;
  iv = await createInterview(ada.page, { title: 'Run it', candidate: GRACE, interviewers: [ADA], instant: true,
    problemId: problems[0].id });
  await Promise.all([openCode(ada.page, iv.id), openCode(grace.page, iv.id)]);
});
after(async () => {
  await Promise.all([ada, grace].map((b) => b?.context.close()));
});

/** Replaces the editor's code (insertText: no auto-closed brackets or quotes). */
async function setCode(page, code) {
  await caretAt(page, 0);
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(code);
  await waitForText(page, (t) => t === code, 'the new code');
}

test('the candidate runs the code with input; everyone sees the output', async () => {
  const program = "const input = require('fs').readFileSync(0, 'utf8').trim();\nconsole.log('hello ' + input);\nconsole.error('to stderr');\n";
  await setCode(grace.page, program);
  await waitForText(ada.page, (t) => t === program, 'Grace\'s program');
  await grace.page.getByTestId('side-tab-run').click();
  await grace.page.getByTestId('run-stdin-toggle').click();
  await grace.page.getByTestId('run-stdin').fill('world');
  await grace.page.getByTestId('run-button').click();
  await grace.page.locator('[data-testid="run-stdout"]', { hasText: 'hello world' }).waitFor({ timeout: 60_000 });
  await grace.page.locator('[data-testid="run-stderr"]', { hasText: 'to stderr' }).waitFor();
  await grace.page.locator('[data-testid="run-status"][data-status="done"]').waitFor();
  // Ada did not click anything but the tab: the result reached her live.
  await ada.page.getByTestId('side-tab-run').click();
  await ada.page.locator('[data-testid="run-stdout"]', { hasText: 'hello world' }).waitFor({ timeout: 15_000 });
  await screenshot(grace.page, 'run-output-light');
});

test('a hidden test: the interviewer adds it, the candidate sees only passed or failed', async () => {
  await ada.page.getByTestId('hidden-test-name').fill('secret edge case');
  await ada.page.getByTestId('hidden-test-input').fill('nobody knows');
  await ada.page.getByTestId('hidden-test-expected').fill('42');
  await ada.page.getByTestId('hidden-test-add').click();
  await ada.page.locator('[data-testid="hidden-test-row"]').first().waitFor();

  await grace.page.getByTestId('run-tests-button').click();
  await grace.page.locator('[data-testid="run-tests-summary"]').waitFor({ timeout: 90_000 });
  const hidden = grace.page.locator('[data-testid="run-test-row"][data-hidden="true"]');
  await hidden.first().waitFor();
  assert.equal(await hidden.first().getAttribute('data-passed'), 'false');
  assert.equal(await grace.page.getByText('nobody knows').count(), 0, 'the candidate never sees the hidden input');
  assert.equal(await grace.page.getByTestId('hidden-tests').count(), 0);
  // The interviewer sees the same run, with the hidden test's data.
  await ada.page.locator('[data-testid="run-tests-summary"]').waitFor({ timeout: 15_000 });
  await screenshot(ada.page, 'run-tests-dark');
});
