// The call on the real LiveKit server: three people join an instant interview from the setup page and see and
// hear each other; a screen share, a reaction and a chat message reach everyone; the owner mutes and removes
// people (the candidate cannot); a dropped network reconnects without a reload; the owner ends the call for
// everyone and the interview shows the chat and the attendance afterwards. The setup page explains a denied
// permission and a missing device.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createInterview, mailTo, post, userId } from '../api.mjs';
import { launch, screenshot, signInDemo } from '../browser.mjs';
import { joinCall, liveAudioTracks, waitForPlayingVideo } from '../room.mjs';

const ADA = 'ada@interviewprep.dev'; // interviewer, the interview's owner
const ALAN = 'alan@interviewprep.dev'; // interviewer
const GRACE = 'grace@interviewprep.dev'; // candidate

let ada; let alan; let grace;
let iv;
const ids = {};
before(async () => {
  [ada, alan, grace] = await Promise.all([launch(), launch({ colorScheme: 'dark' }), launch()]);
  await Promise.all([signInDemo(ada.page, ADA), signInDemo(alan.page, ALAN), signInDemo(grace.page, GRACE)]);
  iv = await createInterview(ada.page, { title: 'Call walk-through', candidate: GRACE, interviewers: [ALAN], instant: true });
  for (const e of [ADA, ALAN, GRACE]) ids[e] = await userId(ada.page, e);
});
after(async () => {
  await Promise.all([ada, alan, grace].map((b) => b?.context.close()));
});

test('someone not on the interview gets 403 from join and no token', async () => {
  const linus = await launch();
  try {
    await signInDemo(linus.page, 'linus@interviewprep.dev');
    const res = await post(linus.page, `/api/interviews/${iv.id}/join`, {});
    assert.equal(res.status(), 403);
    assert.equal((await res.json()).token, undefined);
  } finally {
    await linus.context.close();
  }
});

test('three people see and hear each other; screen share, reaction and chat reach everyone', async () => {
  await screenshotSetup();
  await Promise.all([joinCall(ada.page, iv.id), joinCall(alan.page, iv.id), joinCall(grace.page, iv.id)]);
  const people = [[ada, ADA], [alan, ALAN], [grace, GRACE]];
  for (const [b, me] of people) {
    for (const [, other] of people) {
      if (other !== me) await waitForPlayingVideo(b.page, ids[other]);
    }
  }
  for (const [b, me] of people) {
    const deadline = Date.now() + 15_000;
    while ((await liveAudioTracks(b.page)) < 2 && Date.now() < deadline) await b.page.waitForTimeout(250);
    assert.ok((await liveAudioTracks(b.page)) >= 2, `${me} hears the two others`);
  }
  await screenshot(ada.page, 'room-grid-light');

  // Ada shares her screen: the others see it, and it takes the stage.
  await ada.page.getByTestId('toggle-screen').click();
  await waitForPlayingVideo(grace.page, ids[ADA], 'screen_share');
  await waitForPlayingVideo(alan.page, ids[ADA], 'screen_share');
  await grace.page.locator('[data-testid="stage"][data-layout="speaker"]').waitFor();
  // Beside the code the stage is narrow: the shared screen takes its whole width, the cameras go in a row under it.
  await alan.page.locator('[data-testid="stage"][data-layout="speaker"] .room-focus-main[data-source="screen_share"]').waitFor();
  const widths = await alan.page.evaluate(() => {
    const width = (selector) => document.querySelector(selector).getBoundingClientRect().width;
    return { stage: width('[data-testid="stage"]'), focus: width('[data-testid="stage"] .room-focus-main') };
  });
  assert.ok(widths.stage < 640 && widths.focus > 0.9 * widths.stage, `the shared screen fills the narrow stage: ${JSON.stringify(widths)}`);
  await screenshot(alan.page, 'room-speaker-screen-share-dark');
  await ada.page.getByTestId('toggle-screen').click();

  // A reaction floats over Grace's tile for everyone.
  await grace.page.getByTestId('reaction-button').click();
  await grace.page.getByTestId('reaction-party').click();
  for (const b of [ada, alan, grace]) {
    await b.page.locator(`[data-testid="reaction-float"][data-identity="${ids[GRACE]}"][data-reaction="party"]`).waitFor();
  }

  // Alan writes in the chat; everyone reads it.
  await alan.page.getByTestId('chat-toggle').click();
  await alan.page.getByTestId('chat-input').fill('Hello from Alan');
  await alan.page.getByTestId('chat-send').click();
  for (const b of [ada, grace]) {
    if (!(await b.page.getByTestId('chat-input').isVisible())) await b.page.getByTestId('chat-toggle').click();
  }
  for (const b of [ada, alan, grace]) {
    await b.page.getByTestId('chat-message').filter({ hasText: 'Hello from Alan' }).waitFor();
  }
  await screenshot(grace.page, 'room-chat-light');
  for (const b of [ada, alan, grace]) assert.deepEqual(b.errors, [], 'no page errors');
});

test('the candidate has no owner controls and the server refuses them; the owner mutes and removes', async () => {
  // The candidate: no end-call button, no mute/remove in the list, and 403 from every control route.
  await grace.page.getByTestId('participants-toggle').click();
  await grace.page.locator(`[data-testid="participant-row"][data-identity="${ids[ALAN]}"]`).waitFor();
  assert.equal(await grace.page.getByTestId('end-call').count(), 0);
  assert.equal(await grace.page.getByTestId(`mute-${ids[ALAN]}`).count(), 0);
  assert.equal(await grace.page.getByTestId(`remove-${ids[ALAN]}`).count(), 0);
  for (const route of ['end', 'mute', 'remove']) {
    const res = await post(grace.page, `/api/interviews/${iv.id}/room/${route}`, { identity: ids[ALAN] });
    assert.equal(res.status(), 403, `candidate ${route}`);
  }
  // Alan is an interviewer but not the owner: refused too.
  assert.equal((await post(alan.page, `/api/interviews/${iv.id}/room/mute`, { identity: ids[GRACE] })).status(), 403);

  // Ada, the owner, mutes Grace from the participant list: Grace's microphone goes off on her own page.
  assert.equal(await grace.page.getByTestId('toggle-mic').getAttribute('data-enabled'), 'true');
  await ada.page.getByTestId('participants-toggle').click();
  await ada.page.getByTestId(`mute-${ids[GRACE]}`).click();
  await grace.page.locator('[data-testid="toggle-mic"][data-enabled="false"]').waitFor();
  await ada.page.locator(`[data-testid="participant-row"][data-identity="${ids[GRACE]}"][data-mic="off"]`).waitFor();
  await screenshot(ada.page, 'room-participants-light');

  // An admin removes Alan (who then rejoins for the rest of the test).
  const admin = await launch();
  try {
    await signInDemo(admin.page, 'admin@interviewprep.dev');
    assert.equal((await post(admin.page, `/api/interviews/${iv.id}/room/remove`, { identity: ids[ALAN] })).status(), 204);
  } finally {
    await admin.context.close();
  }
  await alan.page.getByTestId('room').waitFor({ state: 'detached' });
  await ada.page.locator(`[data-testid="participant-tile"][data-identity="${ids[ALAN]}"]`).first()
    .waitFor({ state: 'detached' });
  await joinCall(alan.page, iv.id);
  await waitForPlayingVideo(alan.page, ids[ADA]);
});

test('a participant whose network drops for 5 s sees the reconnect banner and is back without a reload', async () => {
  const { page, context } = grace;
  const marker = await page.evaluate(() => { window.__noReload = Math.random(); return window.__noReload; });
  await context.setOffline(true);
  await page.getByTestId('reconnecting-banner').waitFor({ timeout: 20_000 });
  await screenshot(page, 'room-reconnecting-light');
  await page.waitForTimeout(5_000);
  await context.setOffline(false);
  await page.getByTestId('reconnecting-banner').waitFor({ state: 'detached', timeout: 30_000 });
  await waitForPlayingVideo(page, ids[ADA]);
  assert.equal(await page.evaluate(() => window.__noReload), marker, 'the page was not reloaded');
});

test('the owner ends the call for everyone; the interview is completed and keeps the chat and attendance', async () => {
  await ada.page.getByTestId('end-call').click();
  await ada.page.getByTestId('end-call-confirm').click();
  for (const b of [alan, grace]) {
    const notice = b.page.getByTestId('room-ended-notice');
    await notice.waitFor();
    assert.match(await notice.innerText(), /Ada Lovelace/);
  }
  for (const b of [ada, alan, grace]) await b.page.waitForURL(`**/interviews/${iv.id}`, { timeout: 30_000 });

  // LiveKit's room_finished webhook completes the interview.
  const deadline = Date.now() + 30_000;
  let status;
  while (Date.now() < deadline) {
    status = (await (await ada.page.request.get(`/api/interviews/${iv.id}`)).json()).status;
    if (status === 'completed') break;
    await ada.page.waitForTimeout(500);
  }
  assert.equal(status, 'completed');

  await grace.page.getByTestId('chat-history-message').filter({ hasText: 'Hello from Alan' }).waitFor();
  // Ada's page may first show the attendance it cached on her setup page (Grace alone, "still in the call"), then
  // its refetch: wait for every row instead of reading the first answer.
  const rows = ada.page.getByTestId('attendance-row');
  for (const name of ['Ada Lovelace', 'Alan Turing', 'Grace Hopper']) {
    await rows.filter({ hasText: name }).first().waitFor({ timeout: 15_000 });
  }
  // The call ended: every span has its end (each leave refetches the attendance).
  await ada.page.waitForFunction(() => [...document.querySelectorAll('[data-testid="attendance-row"]')]
    .every((row) => !row.textContent.includes('still in the call')), null, { timeout: 15_000 });
  await screenshot(ada.page, 'interview-after-call-light');
});

test('the setup page says what to do when permission is denied or there is no camera, and joins without one', async () => {
  const other = await createInterview(ada.page, { title: 'Setup checks', candidate: GRACE, interviewers: [ALAN], instant: true });
  for (const media of ['denied', 'none']) {
    // No device, on a phone in dark mode: the call itself must work at that width too.
    const b = await launch(media === 'none' ? { media, colorScheme: 'dark', viewport: { width: 390, height: 844 } } : { media });
    try {
      await signInDemo(b.page, GRACE);
      await b.page.goto(`/interviews/${other.id}/room`);
      const err = b.page.getByTestId('setup-error');
      await err.waitFor();
      assert.equal(await err.getAttribute('data-kind'), media);
      await screenshot(b.page, `room-setup-${media}`);
      if (media === 'none') {
        await b.page.getByTestId('setup-join').click();
        await b.page.getByTestId('room').waitFor();
        await b.page.getByTestId('room-connecting').waitFor({ state: 'detached', timeout: 30_000 });
        await screenshot(b.page, 'room-call-phone-dark');
      }
    } finally {
      await b.context.close();
    }
  }
});

test('a candidate signs in with a code emailed to them, on the way to the setup page, with no password', async () => {
  const linusIv = await createInterview(ada.page, { title: 'Code sign-in', candidate: 'linus@interviewprep.dev',
    interviewers: [ALAN], instant: true });
  const b = await launch();
  try {
    const { page } = b;
    // The invitation links straight to the setup page; signed out, it goes through sign-in and comes back.
    await page.goto(`/interviews/${linusIv.id}/room`);
    await page.waitForURL('**/login?flow=*');
    await page.locator('input[name="identifier"]').fill('linus@interviewprep.dev');
    await page.getByTestId('submit-code').click();
    const code = page.locator('input[name="code"]');
    await code.waitFor();
    await screenshot(page, 'login-code-light');
    const mail = await mailTo(page, 'linus@interviewprep.dev', 'login');
    const digits = mail.match(/\b(\d{6})\b/)?.[1];
    assert.ok(digits, `a six-digit code in: ${mail}`);
    await code.fill(digits);
    await page.getByTestId('submit-code').click();
    await page.waitForURL(`**/interviews/${linusIv.id}/room`);
    await page.getByTestId('setup-page').waitFor();
  } finally {
    await b.context.close();
  }
});

async function screenshotSetup() {
  await grace.page.goto(`/interviews/${iv.id}/room`);
  await grace.page.getByTestId('setup-page').waitFor();
  await grace.page.getByTestId('setup-preview').locator('video').waitFor();
  await screenshot(grace.page, 'room-setup-light');
  const phone = await launch({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
  try {
    await signInDemo(phone.page, GRACE);
    await phone.page.goto(`/interviews/${iv.id}/room`);
    await phone.page.getByTestId('setup-page').waitFor();
    await screenshot(phone.page, 'room-setup-phone-dark');
  } finally {
    await phone.context.close();
  }
}
