// Two app nodes (dev --nodes=2, linked through Redis) behind nothing but their own URLs: an interview whose
// people sit on different nodes works as on one — the dashboard updates live, the call's video plays, the code
// and the notes converge. Redis killed mid-interview: typing still reaches the other node. The second node killed
// with SIGKILL mid-interview: the candidate's browser, behind a test load balancer, reconnects to the first
// node and nothing she typed is lost.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createInterview, userId } from '../api.mjs';
import { baseURL, launch, screenshot, signInDemo } from '../browser.mjs';
import { converged, editorText, typeAt, waitForText } from '../editor.mjs';
import { startBalancer } from '../proxy.mjs';
import { waitForPlayingVideo } from '../room.mjs';

const node2 = process.env.NODE2_URL;
const ADA = 'ada@interviewprep.dev'; // interviewer on node 1
const ALAN = 'alan@interviewprep.dev'; // interviewer on node 2
const GRACE = 'grace@interviewprep.dev'; // candidate on node 2, through the balancer

let ada; let alan; let grace; let balancer;
let iv;
const ids = {};

async function health() {
  const r = await fetch(`${baseURL}/api/health`);
  return r.json();
}

/** The pid of a component node 1 supervises ('node-2', 'redis'). */
async function pidOf(name) {
  const pid = (await health()).details[name]?.pid;
  assert.ok(pid > 0, `${name} has a pid`);
  return pid;
}

/** How many changes the code document has on each node, and the editors' texts: printed when a wait fails. */
async function diagnose(what) {
  const codeId = iv.docs.code.replace('automerge:', '');
  const count = async (page, origin) => {
    const r = await page.request.get(`${origin}/api/collab/docs/${codeId}/history`);
    return r.ok() ? (await r.json()).changes.length : `HTTP ${r.status()}`;
  };
  const editors = {};
  for (const [name, b] of Object.entries({ ada, alan, grace })) {
    editors[name] = await b.page.evaluate(() => document.querySelector('[data-testid="code-editor"]')?.ipEditor?.getValue()
      ?? null).catch((e) => String(e));
  }
  console.log(`# ${what}: changes on node 1 ${await count(ada.page, baseURL)}, on node 2 ${await count(alan.page, node2)};`
    + ` editors ${JSON.stringify(editors)}`);
}

/** waitForText, with the diagnosis when it fails. */
async function waitFor(page, predicate, what, timeout) {
  try {
    return await waitForText(page, predicate, what, timeout);
  } catch (e) {
    await diagnose(what).catch((d) => console.log(`# diagnosis failed: ${d}`));
    throw e;
  }
}

/**
 * Types a line at the top of the page's own editor until the editor shows it: a refetch of every query (what a
 * node tells its browsers after Redis comes back) can take the focus from the editor for a moment, and keys typed
 * then go nowhere. What the test checks is what reaches the other node, so the line must be in the typist's editor.
 */
async function typeLine(page, line) {
  for (let i = 0; i < 5; i++) {
    await typeAt(page, 0, line);
    if ((await editorText(page)).includes(line)) return;
    await page.waitForTimeout(500);
  }
  throw new Error(`the editor never took ${JSON.stringify(line)}`);
}

/** Opens the code view of the interview at origin (absolute: the page's baseURL is node 1). */
async function openCodeAt(page, origin) {
  await page.goto(`${origin}/interviews/${iv.id}/room?view=code`);
  await page.waitForFunction(() => document.querySelector('[data-testid="code-editor"]')?.ipEditor !== undefined,
    null, { timeout: 30_000 });
  await page.locator('[data-testid="sync-status"][data-status="live"]').waitFor({ timeout: 30_000 });
}

before(async () => {
  assert.ok(node2, 'NODE2_URL is set (run.mjs starts two nodes)');
  assert.equal((await health()).components['node-2'], 'up');
  balancer = await startBalancer(node2, baseURL);
  [ada, alan, grace] = await Promise.all([launch(), launch(), launch({ colorScheme: 'dark' })]);
  // Sign-in happens on node 1 (Kratos's pages are on its public URL); the session cookie is the host's, so
  // node 2 and the balancer (other ports of localhost) see it too.
  await Promise.all([signInDemo(ada.page, ADA), signInDemo(alan.page, ALAN), signInDemo(grace.page, GRACE)]);
  for (const e of [ADA, ALAN, GRACE]) ids[e] = await userId(ada.page, e);
  await grace.page.goto(`${balancer.url}/`);
  await alan.page.goto(`${node2}/`);
});
after(async () => {
  await Promise.all([ada, alan, grace].map((b) => b?.context.close()));
  await Promise.race([balancer?.close(), new Promise((r) => setTimeout(r, 3000))]);
});

test('an interview scheduled on node 1 appears live on the dashboards of node 2', async () => {
  const title = `Across nodes ${Date.now()}`;
  await Promise.all([grace.page.getByTestId('dashboard').waitFor(), alan.page.getByTestId('dashboard').waitFor()]);
  iv = await createInterview(ada.page, { title, candidate: GRACE, interviewers: [ADA, ALAN], instant: true });
  // No reload: node 2 heard of it through Redis, loaded it, then told Grace's and Alan's browsers.
  const card = (page) => page.locator(`[data-testid="dashboard-live"] [data-testid="interview-card"][data-id="${iv.id}"]`);
  await card(grace.page).waitFor({ timeout: 15_000 });
  await card(alan.page).waitFor({ timeout: 15_000 });
  await screenshot(grace.page, 'nodes-dashboard-node2-dark');
});

test('the call joins people on different nodes: each sees the other\'s video', async () => {
  const join = async (page, origin) => {
    await page.goto(`${origin}/interviews/${iv.id}/room`);
    await page.getByTestId('setup-page').waitFor();
    await page.getByTestId('setup-join').click();
    await page.getByTestId('room').waitFor();
    await page.getByTestId('room-connecting').waitFor({ state: 'detached', timeout: 30_000 });
  };
  await Promise.all([join(ada.page, baseURL), join(grace.page, balancer.url)]);
  await waitForPlayingVideo(ada.page, ids[GRACE]);
  await waitForPlayingVideo(grace.page, ids[ADA]);
  await screenshot(grace.page, 'nodes-call-node2-dark');
});

test('code typed on either node reaches the other; notes written on node 2 reach node 1', async () => {
  await Promise.all([openCodeAt(ada.page, baseURL), openCodeAt(grace.page, balancer.url), openCodeAt(alan.page, node2)]);
  await typeAt(ada.page, 0, '// from node 1\n');
  await waitFor(grace.page, (t) => t.includes('// from node 1'), 'node 1\'s line on node 2');
  await typeAt(grace.page, 0, '// from node 2\n');
  await waitFor(ada.page, (t) => t.includes('// from node 2'), 'node 2\'s line on node 1');

  await alan.page.getByTestId('side-tab-notes').click();
  await alan.page.getByTestId('notes-editor').fill('Written on node 2');
  await ada.page.getByTestId('side-tab-notes').click();
  await ada.page.locator('[data-testid="notes-editor"]').filter({ hasText: 'Written on node 2' })
    .waitFor({ timeout: 15_000 }).catch(async () => {
      assert.equal(await ada.page.getByTestId('notes-editor').inputValue(), 'Written on node 2');
    });
});

test('Redis killed mid-interview: typing still reaches the other node, and Redis comes back', async () => {
  const before = await pidOf('redis');
  process.kill(before, 'SIGKILL');
  await typeLine(ada.page, '// while Redis restarts\n');
  await waitFor(alan.page, (t) => t.includes('// while Redis restarts'), 'the line typed while Redis was away');
  const deadline = Date.now() + 30_000;
  let h = await health();
  while ((h.components.redis !== 'up' || h.details.redis.pid === before) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    h = await health();
  }
  assert.equal(h.components.redis, 'up', 'Redis is back on node 1\'s health');
  assert.notEqual(h.details.redis.pid, before, 'a new Redis process');
  // And the link works again: a line typed now arrives as before.
  await typeLine(grace.page, '// after Redis is back\n');
  await waitFor(ada.page, (t) => t.includes('// after Redis is back'), 'the line typed after Redis came back');
});

test('node 2 killed with SIGKILL: the candidate reconnects to node 1 and loses nothing', async () => {
  await typeLine(grace.page, 'acknowledged();\n');
  await waitFor(ada.page, (t) => t.includes('acknowledged();'), 'the line before the kill');
  await typeLine(grace.page, 'typed_at_the_kill();\n');
  process.kill(await pidOf('node-2'), 'SIGKILL');
  balancer.failOver(); // the balancer's health check marks node 2 down
  await typeLine(grace.page, 'typed_while_reconnecting();\n');
  const text = await waitFor(ada.page,
    (t) => t.includes('typed_at_the_kill();') && t.includes('typed_while_reconnecting();'),
    'every line the candidate typed', 45_000);
  assert.ok(text.includes('acknowledged();') && text.includes('// from node 2'));
  assert.ok(balancer.failedOver);
  // Grace's page is live again, now on node 1, with the same text as Ada's.
  await grace.page.locator('[data-testid="sync-status"][data-status="live"]').waitFor({ timeout: 30_000 });
  const same = await converged([ada.page, grace.page]);
  assert.ok(same.includes('typed_while_reconnecting();'));
  await screenshot(grace.page, 'nodes-after-failover-dark');
});
