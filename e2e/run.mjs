// Runs the browser tests: starts bin/interviewprep in dev mode with two app
// nodes (the second on the next port, NODE2_URL; both linked through a Redis
// of dev's own) on free ports with a fresh data directory, waits until
// /api/health reports every
// component up, runs every tests/*.test.mjs with node's test runner (BASE_URL
// in the environment), then stops the server and checks nothing of ours is
// left running.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const binDir = process.env.INTERVIEWPREP_BIN_DIR ?? join(here, '..', 'bin');
const bin = process.env.INTERVIEWPREP_BIN ?? join(binDir, 'interviewprep');

// Holds every listener open until all are picked, so no port is handed out twice.
async function freePorts(n) {
  const servers = await Promise.all(Array.from({ length: n }, () => new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => resolve(s));
  })));
  const ports = servers.map((s) => s.address().port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

// A free port whose next one is free too: dev's second node listens there.
async function freePair() {
  for (let i = 0; i < 50; i++) {
    const [p] = await freePorts(1);
    const next = await new Promise((resolve) => {
      const s = createServer();
      s.on('error', () => resolve(false));
      s.listen(p + 1, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (next) return p;
  }
  throw new Error('no two consecutive free ports');
}

const names = ['addr', 'db-port', 'kratos-public-port', 'kratos-admin-port', 'livekit-port',
  'livekit-rtc-tcp-port', 'livekit-rtc-udp-port', 'mail-smtp-port', 'mail-ui-port', 'redis-port'];
const addrPort = await freePair();
const picked = [addrPort, ...(await freePorts(names.length - 1))];
if (picked.slice(1).includes(addrPort + 1)) throw new Error('port clash with the second node; run again');
const ports = Object.fromEntries(names.map((n, i) => [n, picked[i]]));
const dataDir = mkdtempSync(join(tmpdir(), 'interviewprep-e2e-'));
const baseURL = `http://localhost:${ports.addr}`;
const node2URL = `http://localhost:${ports.addr + 1}`;
const args = ['dev', '--data-dir', dataDir, '--bin-dir', binDir, '--log-level', 'warn',
  '--addr', `127.0.0.1:${ports.addr}`, '--public-url', baseURL, '--nodes', '2'];
for (const n of names.slice(1)) args.push(`--${n}`, String(ports[n]));

// A local OpenID Connect issuer stands in for GitHub and Google (unreachable here): Kratos gets it as a
// generic provider, so social sign-in runs end to end.
const issuer = spawn(join(binDir, 'oidc-issuer'), [], { stdio: ['ignore', 'pipe', 'inherit'] });
const oidc = await new Promise((resolve, reject) => {
  let buf = '';
  issuer.on('error', reject);
  issuer.on('exit', (c) => reject(new Error(`oidc-issuer exited (${c}) before it started`)));
  issuer.stdout.on('data', (d) => {
    buf += d;
    const nl = buf.indexOf('\n');
    if (nl >= 0) resolve(JSON.parse(buf.slice(0, nl)));
  });
});
args.push('--oidc-issuer-url', oidc.issuer, '--oidc-client-id', oidc.clientId,
  '--oidc-client-secret', oidc.clientSecret, '--oidc-label', 'Company SSO');

let serverLog = '';
let server;
let exited;
function startServer() {
  server = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.on('data', (d) => { serverLog += d; });
  server.stderr.on('data', (d) => { serverLog += d; });
  exited = new Promise((resolve) => server.on('exit', (code, signal) => resolve({ code, signal })));
}
startServer();

// A test may crash the server (SIGUSR2 to this process, E2E_CONTROL_PID): it is killed with SIGKILL, as a
// power cut would, and started again on the same data directory and ports; the test polls /api/health.
// SIGUSR1 only kills it, so that a test can look at what it left on disk; a SIGUSR2 then starts it again.
process.on('SIGUSR1', () => {
  serverLog += '\n--- killed with SIGKILL by a test (restarted on SIGUSR2) ---\n';
  server.kill('SIGKILL');
});
let restarting = false;
process.on('SIGUSR2', async () => {
  if (restarting) return;
  restarting = true;
  server.kill('SIGKILL');
  await exited;
  serverLog += '\n--- killed with SIGKILL by a test; starting again ---\n';
  await new Promise((r) => setTimeout(r, 500));
  startServer();
  try {
    await healthy();
  } catch (e) {
    console.error(String(e));
  }
  restarting = false;
});

async function healthy() {
  const deadline = Date.now() + 120_000;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`server exited (${server.exitCode}) before it was healthy:\n${serverLog}`);
    try {
      const r = await fetch(`${baseURL}/api/health`);
      const body = await r.json();
      if (r.ok && body.status === 'up') return;
      last = JSON.stringify(body.components);
    } catch (e) {
      last = String(e);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server not healthy after 120 s (last: ${last}):\n${serverLog}`);
}

let code = 1;
try {
  await healthy();
  // `node run.mjs a11y schedule` runs only the test files whose names contain one of the words;
  // `node run.mjs --script ../bench/room/join.mjs` runs that script against the server instead (benchmarks).
  const args = process.argv.slice(2);
  let runArgs;
  if (args[0] === '--script') {
    runArgs = [args[1]];
  } else {
    const files = readdirSync(join(here, 'tests')).filter((f) => f.endsWith('.test.mjs')).sort()
      .filter((f) => args.length === 0 || args.some((w) => f.includes(w)))
      .map((f) => join(here, 'tests', f));
    runArgs = ['--test', '--test-concurrency=1', ...files];
  }
  const runner = spawn(process.execPath, runArgs, {
    stdio: 'inherit',
    env: { ...process.env, BASE_URL: baseURL, NODE2_URL: node2URL, E2E_DATA_DIR: dataDir, OIDC_QUEUE_URL: oidc.queueUrl,
      SERVER_PID: String(server.pid), E2E_CONTROL_PID: String(process.pid) },
  });
  code = await new Promise((resolve) => runner.on('exit', (c) => resolve(c ?? 1)));
} catch (e) {
  console.error(String(e));
} finally {
  server.kill('SIGTERM');
  const timer = setTimeout(() => server.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
  issuer.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
  if (code !== 0) console.error(`--- server log ---\n${serverLog.slice(-8000)}`);
}
process.exit(code);
