// Join latency, and the app's CPU during a call. Run by `make bench-room` (e2e/run.mjs starts the app in dev
// mode with its own LiveKit and passes BASE_URL and SERVER_PID).
//
// 1. Ours: from the click on "Join" on the setup page to the first frame of the other participant's camera
//    (requestVideoFrameCallback on the remote <video>), with that participant already in the call. N joins.
// 2. The reference, in the same run on the same LiveKit: a bare page with livekit-client alone (the call's room
//    options), given a token from our join API, from room.connect() to the first remote frame. What our join path adds is 1 − 2.
// 3. The app's CPU (utime+stime of the server process, which supervises LiveKit as a child) while three
//    people are in a call for CALL_SECONDS: media flows through LiveKit, so the app should be near idle.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { launch, signInDemo } from '../../e2e/browser.mjs';
import { createInterview, post, userId } from '../../e2e/api.mjs';
import { joinCall, waitForPlayingVideo } from '../../e2e/room.mjs';

const JOINS = Number(process.env.JOINS ?? 10);
const CALL_SECONDS = Number(process.env.CALL_SECONDS ?? 300);
// The package's exports hide its UMD build; it sits next to the main entry.
const require = createRequire(new URL('../../web/package.json', import.meta.url));
const livekitUMD = readFileSync(join(dirname(require.resolve('livekit-client')), 'livekit-client.umd.js'), 'utf8');

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor((s.length - 1) / 2)], max: s[s.length - 1], min: s[0] };
};
const ms = (x) => `${x.toFixed(0)} ms`;

function cpuSeconds(pid) {
  const ticks = (p) => {
    const f = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(f[11]) + Number(f[12]); // utime, stime (this process only, not its children)
  };
  return ticks(pid) / 100;
}

const [ada, grace, alan] = await Promise.all([launch(), launch(), launch()]);
try {
  await Promise.all([signInDemo(ada.page, 'ada@interviewprep.dev'), signInDemo(grace.page, 'grace@interviewprep.dev'),
    signInDemo(alan.page, 'alan@interviewprep.dev')]);
  const iv = await createInterview(ada.page, { title: 'Join latency', candidate: 'grace@interviewprep.dev',
    interviewers: ['alan@interviewprep.dev'], instant: true });
  const adaId = await userId(ada.page, 'ada@interviewprep.dev');
  await joinCall(ada.page, iv.id);
  const remote = `[data-testid="participant-tile"][data-identity="${adaId}"][data-source="camera"] video`;

  // 1. Ours.
  const ours = [];
  for (let i = 0; i < JOINS; i++) {
    await grace.page.goto(`/interviews/${iv.id}/room`);
    await grace.page.getByTestId('setup-preview').locator('video').waitFor();
    await grace.page.waitForFunction(() => !document.querySelector('[data-testid="setup-join"]')?.disabled);
    const t = await grace.page.evaluate((sel) => new Promise((resolve, reject) => {
      const t0 = performance.now();
      document.querySelector('[data-testid="setup-join"]').click();
      const deadline = t0 + 30_000;
      const look = () => {
        const v = document.querySelector(sel);
        if (v) { v.requestVideoFrameCallback(() => resolve(performance.now() - t0)); return; }
        if (performance.now() > deadline) { reject(new Error('no remote video in 30 s')); return; }
        setTimeout(look, 2);
      };
      look();
    }), remote);
    ours.push(t);
    await grace.page.getByTestId('leave').click();
    await grace.page.waitForURL(`**/interviews/${iv.id}`);
  }

  // 2. The reference: livekit-client alone, on a page of its own, with a token from our join API.
  const server = createServer((req, res) => {
    if (req.url === '/livekit-client.umd.js') { res.setHeader('content-type', 'text/javascript'); res.end(livekitUMD); return; }
    res.setHeader('content-type', 'text/html');
    res.end('<!doctype html><html><body><script src="/livekit-client.umd.js"></script></body></html>');
  }).listen(0, '127.0.0.1');
  await new Promise((r) => server.on('listening', r));
  const bare = await launch();
  const ref = [];
  try {
    for (let i = 0; i < JOINS; i++) {
      const join = await (await post(grace.page, `/api/interviews/${iv.id}/join`, {})).json();
      await bare.page.goto(`http://127.0.0.1:${server.address().port}/`);
      const t = await bare.page.evaluate(({ url, token }) => new Promise((resolve, reject) => {
        const { Room, RoomEvent, Track } = window.LivekitClient;
        // The room options the app's call uses, so the two differ only in the path to connect().
        const room = new Room({ adaptiveStream: true, dynacast: true });
        window.__room = room;
        const t0 = performance.now();
        room.on(RoomEvent.TrackSubscribed, (track) => {
          if (track.kind !== Track.Kind.Video) return;
          const v = track.attach();
          v.muted = true;
          v.style.width = '640px'; // adaptive stream picks the layer for the element's size
          document.body.append(v);
          v.requestVideoFrameCallback(() => resolve(performance.now() - t0));
        });
        room.connect(url, token).catch(reject);
        setTimeout(() => reject(new Error('no remote frame in 30 s')), 30_000);
      }), join);
      ref.push(t);
      await bare.page.evaluate(() => window.__room.disconnect());
    }
  } finally {
    await bare.context.close();
    server.close();
  }

  // 3. The app's CPU during a three-person call.
  await Promise.all([joinCall(grace.page, iv.id), joinCall(alan.page, iv.id)]);
  await waitForPlayingVideo(grace.page, adaId);
  const pid = Number(process.env.SERVER_PID);
  const c0 = cpuSeconds(pid);
  await new Promise((r) => setTimeout(r, CALL_SECONDS * 1000));
  const c1 = cpuSeconds(pid);

  const o = stats(ours); const r = stats(ref);
  console.log(`\nJoin → first remote frame, ${JOINS} joins each, second participant already in the call:`);
  console.log('| path | median | max | min |\n| --- | --- | --- | --- |');
  console.log(`| ours: click Join on the setup page | ${ms(o.median)} | ${ms(o.max)} | ${ms(o.min)} |`);
  console.log(`| reference: livekit-client alone, connect() | ${ms(r.median)} | ${ms(r.max)} | ${ms(r.min)} |`);
  console.log(`| what our path adds (medians) | ${ms(o.median - r.median)} | | |`);
  console.log(`\nApp CPU during a 3-person call of ${CALL_SECONDS} s: ${(c1 - c0).toFixed(2)} s (${((c1 - c0) / CALL_SECONDS * 100).toFixed(2)} % of one core)`);
  console.log(`raw ours: ${ours.map((x) => x.toFixed(0)).join(' ')}\nraw ref:  ${ref.map((x) => x.toFixed(0)).join(' ')}`);
} finally {
  await Promise.all([ada, grace, alan].map((b) => b.context.close()));
}
