// Recording and replay on the real LiveKit server and the real ffmpeg: the owner records a call of two fake
// participants with a screen share; everyone sees it is recorded; the composed file plays (ffprobe: video,
// audio, the right length) and seeks (206 to a range, the player's seek); the replay page shows the code as it
// was at a chosen second, as the server's history says; a candidate never gets a recording. Then the app is
// killed (SIGKILL) mid-recording: the track files it wrote play, and after a restart the recording is listed as
// interrupted and composes.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createInterview, post, userId } from '../api.mjs';
import { baseURL, launch, screenshot, signInDemo } from '../browser.mjs';
import { typeAt, waitForText } from '../editor.mjs';
import { joinCall, waitForPlayingVideo } from '../room.mjs';

const run = promisify(execFile);
const ADA = 'ada@interviewprep.dev'; // interviewer, the interview's owner
const GRACE = 'grace@interviewprep.dev'; // candidate

let ada; let grace;
let iv;
const ids = {};
let typedFirstAt = 0;
let typedSecondAt = 0;

before(async () => {
  [ada, grace] = await Promise.all([launch(), launch()]);
  await Promise.all([signInDemo(ada.page, ADA), signInDemo(grace.page, GRACE)]);
  iv = await createInterview(ada.page, { title: 'Recorded interview', candidate: GRACE, interviewers: [ADA], instant: true });
  for (const e of [ADA, GRACE]) ids[e] = await userId(ada.page, e);
});
after(async () => {
  await Promise.all([ada, grace].map((b) => b?.context.close()));
});

async function recordings(page) {
  const res = await page.request.get(`/api/interviews/${iv.id}/recordings`);
  assert.equal(res.status(), 200, await res.text());
  return (await res.json()).recordings;
}

/** Polls the recording `id` until `pred` holds; returns it. */
async function waitForRecording(page, id, pred, what, timeout = 240_000) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    try {
      last = (await recordings(page)).find((r) => r.id === id);
      if (last && pred(last)) return last;
    } catch {
      // the server may be restarting
    }
    await page.waitForTimeout(1000);
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)}`);
}

/** ffprobe of a URL (with the page's session cookie) or a file: duration in seconds and stream kinds. */
async function probe(target, page) {
  const args = ['-v', 'error', '-show_entries', 'format=duration:stream=codec_type', '-of', 'json'];
  if (page) {
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    args.push('-headers', `Cookie: ${cookie}\r\n`);
  }
  args.push(target);
  const { stdout } = await run('ffprobe', args);
  const out = JSON.parse(stdout);
  return { duration: Number(out.format.duration), kinds: new Set(out.streams.map((s) => s.codec_type)) };
}

async function healthy(want, timeout = 120_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const ok = await fetch(`${baseURL}/api/health`).then((r) => r.ok, () => false);
    if (ok === want) return;
    assert.ok(Date.now() < deadline, `the server ${want ? 'came back' : 'went down'} within ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('the owner records 20 s of a call with a screen share: one file with video and audio, 20 s long, that seeks', async () => {
  await Promise.all([joinCall(ada.page, iv.id), joinCall(grace.page, iv.id)]);
  await waitForPlayingVideo(grace.page, ids[ADA]);
  await waitForPlayingVideo(ada.page, ids[GRACE]);
  await ada.page.getByTestId('toggle-screen').click();
  await waitForPlayingVideo(grace.page, ids[ADA], 'screen_share');

  // The candidate has no record control; the owner starts it, and everyone sees that the call is recorded.
  assert.equal(await grace.page.getByTestId('record-toggle').count(), 0, 'no record control for the candidate');
  assert.equal((await post(grace.page, `/api/interviews/${iv.id}/recordings`, {})).status(), 403);
  await ada.page.getByTestId('record-toggle').click();
  const startedAt = Date.now();
  for (const b of [ada, grace]) await b.page.getByTestId('recording-indicator').waitFor({ timeout: 20_000 });
  await screenshot(grace.page, 'room-recording-indicator-light');

  // Grace types twice, seconds apart, for the replay.
  await grace.page.waitForFunction(() => document.querySelector('[data-testid="code-editor"]')?.ipEditor !== undefined,
    null, { timeout: 30_000 });
  await ada.page.waitForTimeout(3000);
  await typeAt(grace.page, 0, '// first thought\n');
  await waitForText(ada.page, (t) => t.startsWith('// first thought\n'), 'the first line at Ada\'s');
  typedFirstAt = Date.now();
  await ada.page.waitForTimeout(6000);
  await typeAt(grace.page, 0, '// second thought\n');
  await waitForText(ada.page, (t) => t.startsWith('// second thought\n'), 'the second line at Ada\'s');
  typedSecondAt = Date.now();

  await ada.page.waitForTimeout(Math.max(0, 20_000 - (Date.now() - startedAt)));
  await ada.page.getByTestId('record-toggle').click();
  // At least 20 s: more when the steps above ran long on a loaded machine (the file is as long as the recording).
  const recordedSeconds = (Date.now() - startedAt) / 1000;
  await grace.page.getByTestId('recording-indicator').waitFor({ state: 'detached', timeout: 20_000 });

  const [rec] = await recordings(ada.page);
  const ready = await waitForRecording(ada.page, rec.id, (r) => r.state === 'ready' || r.state === 'failed', 'the composed file');
  assert.equal(ready.state, 'ready', ready.error);
  assert.ok(ready.sizeBytes > 0 && ready.mediaUrl, 'a ready recording has a file');

  const info = await probe(`${baseURL}${ready.mediaUrl}`, ada.page);
  assert.ok(info.kinds.has('video') && info.kinds.has('audio'), `video and audio streams: ${[...info.kinds]}`);
  assert.ok(Math.abs(info.duration - recordedSeconds) <= 2,
    `duration ${info.duration} s is the ${recordedSeconds.toFixed(1)} s between Record and Stop ± 2`);

  // Seeking: a range request answers 206; the player seeks to 12 s and has the frame there.
  const part = await ada.page.request.get(ready.mediaUrl, { headers: { Range: 'bytes=1000-1999' } });
  assert.equal(part.status(), 206);
  assert.equal((await part.body()).length, 1000);
  await ada.page.goto(`/interviews/${iv.id}`);
  const player = ada.page.getByTestId('recording-player');
  await player.waitFor();
  const seeked = await player.evaluate((v) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no seeked event')), 20_000);
    v.addEventListener('seeked', () => { clearTimeout(timer); resolve({ t: v.currentTime, ready: v.readyState }); }, { once: true });
    v.currentTime = 12;
  }));
  assert.ok(Math.abs(seeked.t - 12) < 1 && seeked.ready >= 2, `seeked to ${seeked.t} (readyState ${seeked.ready})`);
  await screenshot(ada.page, 'interview-recordings-light');

  // The candidate gets none of it.
  assert.equal((await grace.page.request.get(`/api/interviews/${iv.id}/recordings`)).status(), 403);
  assert.equal((await grace.page.request.get(ready.mediaUrl)).status(), 403);
  assert.equal((await grace.page.request.get(`${ready.mediaUrl}?download=1`)).status(), 403);
});

test('the replay page at a chosen second shows the code as it was then', async () => {
  assert.ok(typedFirstAt && typedSecondAt, 'the recording test typed');
  const page = ada.page;
  await page.goto(`/interviews/${iv.id}/replay`);
  const replay = page.getByTestId('replay');
  await replay.waitFor({ timeout: 30_000 });
  const start = Date.parse(await replay.getAttribute('data-start'));
  // Between the two lines (change times have one-second resolution: keep clear of both).
  const at = Math.round((typedFirstAt + typedSecondAt) / 2 - start) / 1000;
  await page.goto(`/interviews/${iv.id}/replay?t=${at}`);
  const code = page.getByTestId('replay-code');
  await code.waitFor({ timeout: 30_000 });

  const docId = iv.docs.code.replace('automerge:', '');
  const { changes } = await (await page.request.get(`/api/collab/docs/${docId}/history`)).json();
  const cut = start + at * 1000;
  const n = changes.filter((c) => Date.parse(c.time) <= cut).length;
  const then = await (await page.request.get(`/api/collab/docs/${docId}/at?change=${n}`)).json();
  await page.waitForFunction(([want]) => document.querySelector('[data-testid="replay-code"]')?.textContent === want,
    [then.source], { timeout: 20_000 });
  assert.ok(then.source.includes('// first thought') && !then.source.includes('// second thought'),
    'the chosen second is between the two lines');
  // And the heads the page says it shows are that state on the server too.
  const heads = await page.getByTestId('replay-code-panel').getAttribute('data-heads');
  const byHeads = await (await page.request.get(`/api/collab/docs/${docId}/at?heads=${heads}`)).json();
  assert.equal(byHeads.source, then.source);
  assert.ok((await page.locator(`[data-testid="replay-author"][data-author="${ids[GRACE]}"]`).count()) > 0,
    'Grace\'s characters are hers');
  await screenshot(page, 'replay-light');

  const dark = await launch({ colorScheme: 'dark' });
  const phone = await launch({ viewport: { width: 390, height: 844 } });
  try {
    for (const [b, name] of [[dark, 'dark'], [phone, 'phone']]) {
      await signInDemo(b.page, ADA);
      await b.page.goto(`/interviews/${iv.id}/replay?t=${at}`);
      await b.page.getByTestId('replay-code').waitFor({ timeout: 30_000 });
      await screenshot(b.page, `replay-${name}`);
      await b.page.goto(`/interviews/${iv.id}`);
      await b.page.getByTestId('recording-player').waitFor();
      await screenshot(b.page, `interview-recordings-${name}`);
    }
  } finally {
    await Promise.all([dark.context.close(), phone.context.close()]);
  }
  // Candidates have no replay: the page says so and fetches nothing of it.
  await grace.page.goto(`/interviews/${iv.id}/replay`);
  await grace.page.getByTestId('forbidden').waitFor();
  assert.equal(await grace.page.getByTestId('replay').count(), 0);
  assert.equal((await grace.page.request.get(`/api/interviews/${iv.id}/recordings`)).status(), 403);
});

test('the app killed (SIGKILL) 10 s into a recording: the track files play; after a restart it is interrupted and composes', async () => {
  // The replay took both pages out of the call: back in.
  await Promise.all([joinCall(ada.page, iv.id), joinCall(grace.page, iv.id)]);
  await waitForPlayingVideo(ada.page, ids[GRACE]);
  const res = await post(ada.page, `/api/interviews/${iv.id}/recordings`, {});
  assert.equal(res.status(), 201, await res.text());
  const rec = await res.json();
  const tracks = join(process.env.E2E_DATA_DIR, 'recordings', rec.id, 'tracks');
  await ada.page.waitForTimeout(10_000);
  assert.ok(existsSync(tracks) && readdirSync(tracks).length >= 2, 'track files are being written');

  process.kill(Number(process.env.E2E_CONTROL_PID), 'SIGUSR1'); // SIGKILL, no restart yet
  await healthy(false);
  const files = readdirSync(tracks);
  for (const f of files) {
    const p = await probe(join(tracks, f));
    assert.ok(p.duration > 5, `${f} plays: ${p.duration} s`);
  }
  assert.ok(files.some((f) => f.endsWith('.ivf')) && files.some((f) => f.endsWith('.ogg')), `video and audio: ${files}`);

  process.kill(Number(process.env.E2E_CONTROL_PID), 'SIGUSR2'); // start again
  await healthy(true);
  const seen = await waitForRecording(ada.page, rec.id, (r) => r.interrupted, 'the recording to be interrupted', 60_000);
  assert.ok(['interrupted', 'composing', 'ready'].includes(seen.state), seen.state);
  const ready = await waitForRecording(ada.page, rec.id, (r) => r.state === 'ready' || r.state === 'failed', 'composing');
  assert.equal(ready.state, 'ready', ready.error);
  assert.ok(ready.interrupted, 'still marked interrupted');
  const info = await probe(`${baseURL}${ready.mediaUrl}`, ada.page);
  assert.ok(info.duration >= 8 && info.duration <= 14, `about 10 s recorded: ${info.duration}`);
});
