// Interview-Prep's service worker: the app opens without a network, so a candidate whose laptop went offline can
// reload the room and keep coding (the documents themselves live in IndexedDB; see features/workspace). It keeps:
//   - the app shell (index.html, the same for every route): network first, the cached copy when offline;
//   - the hashed build assets under /assets/ (immutable): cache first;
//   - the few API reads the room needs to render (/api/me, /api/config, /api/interviews/<id>): network first.
// Nothing else is cached. Signing out clears the API cache (a 'clear' message from the page).
const SHELL = 'interviewprep-shell-v1';
const ASSETS = 'interviewprep-assets-v1';
const API = 'interviewprep-api-v1';
const KEEP = [SHELL, ASSETS, API];
const OFFLINE_API = /^\/api\/(me|config|interviews\/[^/]+)$/;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((c) => c.add('/')).catch(() => undefined));
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (!KEEP.includes(name)) await caches.delete(name);
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || typeof data !== 'object') return;
  if (data.type === 'cache-assets' && Array.isArray(data.urls)) {
    // Assets the page loaded before this worker controlled it.
    const urls = data.urls.filter((u) => typeof u === 'string' && isAsset(new URL(u, self.location.origin)));
    event.waitUntil(caches.open(ASSETS).then(async (c) => {
      for (const u of urls) if (!(await c.match(u))) await c.add(u).catch(() => undefined);
    }));
  } else if (data.type === 'clear') {
    event.waitUntil(caches.delete(API));
  }
});

function isAsset(url) {
  return url.origin === self.location.origin && url.pathname.startsWith('/assets/');
}

async function networkFirst(request, cacheName, key) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(key ?? request, response.clone());
    return response;
  } catch (err) {
    const cached = await cache.match(key ?? request);
    if (cached) return cached;
    throw err;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(ASSETS);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // Every route is the same index.html: keep it under '/'. Auth pages talk to Kratos and need the network anyway.
    event.respondWith(networkFirst(request, SHELL, '/'));
  } else if (isAsset(url)) {
    event.respondWith(cacheFirst(request));
  } else if (OFFLINE_API.test(url.pathname)) {
    event.respondWith(networkFirst(request, API));
  }
});
