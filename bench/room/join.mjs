// Join latency, and the app's CPU during a call. Run by `make bench-room` (e2e/run.mjs starts the app in dev
// mode with its own LiveKit and passes BASE_URL and SERVER_PID).
//
// 1. Ours: from the click on "Join" on the setup page to the first frame of the other participant's camera
//    (requestVideoFrameCallback on the remote <video>), with that participant already in the call. N joins.
// 2. The reference, in the same run on the same LiveKit, alternating with 1 (so the shared machine's load weighs
//    on both alike): a bare page with livekit-client alone (the call's room options), given a token from our join
//    API, from room.connect() to the first remote frame. What our join path adds is 1 − 2.
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
// TRACE=1: also time the steps of each join (peer connection, signal socket, remote track, <video> attached,
// playing), through hooks on RTCPeerConnection, WebSocket and HTMLMediaElement.srcObject added to both pages, and
// any performance.mark() the app makes (the first of each name), printed as medians after the click/connect().
const TRACE = process.env.TRACE === '1';
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

/** Runs in the page before its own scripts: records when each step of a join happens (window.__trace). */
function traceHooks() {
  const trace = (window.__trace = []);
  const mark = (name) => trace.push([name, performance.now()]);
  const once = new Set();
  const first = (name) => {
    if (!once.has(name)) { once.add(name); mark(name); }
  };
  const NativeWS = window.WebSocket;
  window.WebSocket = class extends NativeWS {
    constructor(...args) {
      super(...args);
      if (!String(args[0]).includes('/rtc')) return; // LiveKit's signal socket only
      first('signal socket created');
      this.addEventListener('open', () => first('signal socket open'));
      this.addEventListener('message', () => first('first signal message'));
    }
  };
  const remote = new Set();
  const NativePC = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends NativePC {
    constructor(...args) {
      first('peer connection constructor called');
      super(...args);
      first('peer connection created');
      this.addEventListener('connectionstatechange', () => {
        if (this.connectionState === 'connected') first('peer connection connected');
      });
      this.addEventListener('track', (e) => {
        if (e.track.kind !== 'video') return;
        remote.add(e.track.id);
        first('remote video track');
      });
    }
  };
  // Long animation frames (over 50 ms: the main thread busy), with the scripts that ran in them.
  window.__loaf = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        window.__loaf.push({ start: e.startTime, duration: e.duration, blocking: e.blockingDuration,
          render: e.renderStart ? e.startTime + e.duration - e.renderStart : 0,
          scripts: e.scripts.map((x) => ({ invoker: x.invoker, fn: x.sourceFunctionName, duration: x.duration,
            layout: x.forcedStyleAndLayoutDuration, at: `${x.sourceURL.split('/').pop()}:${x.sourceCharPosition}` })) });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch { /* an older browser: no long-frame trace */ }
  const src = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'srcObject');
  Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', {
    ...src,
    set(stream) {
      src.set.call(this, stream);
      if (!stream || !stream.getVideoTracks().some((t) => remote.has(t.id))) return;
      first('remote <video> attached');
      this.addEventListener('playing', () => first('remote <video> playing'), { once: true });
    },
  });
}

/** The join's steps, in ms after t0 (the click, or connect()). */
const steps = (page, t0) => page.evaluate((t) => [...(window.__trace ?? []),
  ...performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])].filter(([, at]) => at >= t)
  .filter(([n], i, all) => all.findIndex(([m]) => m === n) === i).map(([n, at]) => [n, at - t]), t0);
const traces = { ours: [], ref: [] };
// TRACE=1: the long animation frames between each of our clicks and its first remote frame.
const loafs = [];
function printLoafs() {
  console.log('\nLong animation frames between the click and the first remote frame (ours), per join:');
  loafs.forEach((frames, i) => {
    const busy = frames.reduce((sum, f) => sum + f.duration, 0);
    console.log(`  join ${i + 1}: ${frames.length} frames, ${busy.toFixed(0)} ms`);
    for (const f of frames) {
      const top = [...f.scripts].sort((a, b) => b.duration - a.duration).slice(0, 3)
        .map((x) => `${x.invoker}${x.fn ? ` ${x.fn}` : ''} [${x.at}] ${x.duration.toFixed(0)} ms (layout ${x.layout.toFixed(0)})`).join('; ');
      console.log(`    at ${f.start.toFixed(0)}: ${f.duration.toFixed(0)} ms, render ${f.render.toFixed(0)} ms; ${top}`);
    }
  });
}
function printTrace(name, runs) {
  const byStep = new Map();
  for (const run of runs) for (const [n, at] of run) byStep.set(n, [...(byStep.get(n) ?? []), at]);
  console.log(`\nSteps of ${name} (median ms after the start, of ${runs.length}):`);
  for (const [n, xs] of [...byStep].sort((a, b) => stats(a[1]).median - stats(b[1]).median)) {
    console.log(`  ${stats(xs).median.toFixed(0).padStart(5)}  ${n}${xs.length < runs.length ? ` (${xs.length} runs)` : ''}`);
  }
}

const [ada, grace, alan] = await Promise.all([launch(), launch(), launch()]);
if (TRACE) await grace.context.addInitScript(traceHooks);
try {
  await Promise.all([signInDemo(ada.page, 'ada@interviewprep.dev'), signInDemo(grace.page, 'grace@interviewprep.dev'),
    signInDemo(alan.page, 'alan@interviewprep.dev')]);
  const iv = await createInterview(ada.page, { title: 'Join latency', candidate: 'grace@interviewprep.dev',
    interviewers: ['alan@interviewprep.dev'], instant: true });
  const adaId = await userId(ada.page, 'ada@interviewprep.dev');
  await joinCall(ada.page, iv.id);
  const remote = `[data-testid="participant-tile"][data-identity="${adaId}"][data-source="camera"] video`;

  // The reference's page: livekit-client alone, served from here.
  const server = createServer((req, res) => {
    if (req.url === '/livekit-client.umd.js') { res.setHeader('content-type', 'text/javascript'); res.end(livekitUMD); return; }
    res.setHeader('content-type', 'text/html');
    res.end('<!doctype html><html><body><script src="/livekit-client.umd.js"></script></body></html>');
  }).listen(0, '127.0.0.1');
  await new Promise((r) => server.on('listening', r));
  const bare = await launch();
  if (TRACE) await bare.context.addInitScript(traceHooks);

  // 1. Ours: click Join on the setup page.
  const joinOurs = async () => {
    await grace.page.goto(`/interviews/${iv.id}/room`);
    await grace.page.getByTestId('setup-preview').locator('video').waitFor();
    await grace.page.waitForFunction(() => !document.querySelector('[data-testid="setup-join"]')?.disabled);
    const { t, t0 } = await grace.page.evaluate((sel) => new Promise((resolve, reject) => {
      const t0 = performance.now();
      document.querySelector('[data-testid="setup-join"]').click();
      // The tile's <video> may be replaced while the call lays itself out: every element that matches gets a
      // frame callback, and the first frame of any of them counts, once nothing covers it: a frame presented under
      // the stage's "Connecting…" (a picture can play before the room is connected) waits for the next one.
      const seen = new Set();
      let done = false;
      const covered = () => {
        const overlay = document.querySelector('[data-testid="room-connecting"]');
        return overlay !== null && getComputedStyle(overlay).display !== 'none';
      };
      const onFrame = (v) => () => {
        if (done) return;
        if (covered()) { v.requestVideoFrameCallback(onFrame(v)); return; }
        done = true;
        resolve({ t: performance.now() - t0, t0 });
      };
      const look = () => {
        if (done) return;
        for (const v of document.querySelectorAll(sel)) {
          if (seen.has(v)) continue;
          seen.add(v);
          v.requestVideoFrameCallback(onFrame(v));
        }
        if (performance.now() > t0 + 30_000) { done = true; reject(new Error('no remote video frame in 30 s')); return; }
        setTimeout(look, 2);
      };
      look();
    }), remote);
    if (TRACE) {
      traces.ours.push([...(await steps(grace.page, t0)), ['first remote frame', t]]);
      loafs.push(await grace.page.evaluate(({ from, to }) => (window.__loaf ?? [])
        .filter((f) => f.start + f.duration > from && f.start < to), { from: t0, to: t0 + t }).then((fs) => fs.map((f) => ({ ...f, start: f.start - t0 }))));
    }
    await grace.page.getByTestId('leave').click();
    await grace.page.waitForURL(`**/interviews/${iv.id}`);
    return t;
  };
  // 2. The reference: livekit-client alone, on a page of its own, with a token from our join API, from
  // room.connect() to the first remote frame.
  const joinRef = async () => {
    const join = await (await post(grace.page, `/api/interviews/${iv.id}/join`, {})).json();
    await bare.page.goto(`http://127.0.0.1:${server.address().port}/`);
    const { t, t0 } = await bare.page.evaluate(({ url, token }) => new Promise((resolve, reject) => {
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
        v.requestVideoFrameCallback(() => resolve({ t: performance.now() - t0, t0 }));
      });
      room.connect(url, token).catch(reject);
      setTimeout(() => reject(new Error('no remote frame in 30 s')), 30_000);
    }), join);
    if (TRACE) traces.ref.push([...(await steps(bare.page, t0)), ['first remote frame', t]]);
    await bare.page.evaluate(() => window.__room.disconnect());
    return t;
  };
  // Alternated, so a change in the machine's load (it is shared) weighs on both alike.
  const ours = [];
  const ref = [];
  try {
    for (let i = 0; i < JOINS; i++) {
      ours.push(await joinOurs());
      ref.push(await joinRef());
      console.log(`join ${i + 1}/${JOINS}: ours ${ms(ours[i])}, the reference ${ms(ref[i])}`);
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
  console.log(`| what our path adds (difference of the medians) | ${ms(o.median - r.median)} | | |`);
  const d = stats(ours.map((x, i) => x - ref[i]));
  console.log(`| what our path adds (median of the ${JOINS} paired differences, ours − the reference run after it) | ${ms(d.median)} | ${ms(d.max)} | ${ms(d.min)} |`);
  console.log(`\nApp CPU during a 3-person call of ${CALL_SECONDS} s: ${(c1 - c0).toFixed(2)} s (${((c1 - c0) / CALL_SECONDS * 100).toFixed(2)} % of one core)`);
  if (TRACE) { printTrace('ours', traces.ours); printTrace('the reference', traces.ref); printLoafs(); }
  console.log(`raw ours: ${ours.map((x) => x.toFixed(0)).join(' ')}\nraw ref:  ${ref.map((x) => x.toFixed(0)).join(' ')}`);
} finally {
  await Promise.all([ada, grace, alan].map((b) => b.context.close()));
}
