// The installable app's service worker: keeps the public pages a person
// has read (proposals, draws, the members, the ledger) so that they stay
// readable offline, and says so on them. It never keeps what is personal:
// a page the server marks `no-store` (every page seen signed in) is not
// stored; instead, the same address is fetched again without cookies and
// that anonymous copy is kept. Pages opened inside the app (without a page
// load) are announced by public/sw-register.js and kept the same way. Scripts and the wasm are never kept, so an
// offline page is plain server-rendered HTML: nothing can run on it and
// nothing can be sent from it. Pushes (Web Push) are shown as
// notifications that open their page on this site.

const PAGES = 'kleroterion-pages-v1';
const SHELL = 'kleroterion-shell-v1';
const OFFLINE = '/offline.html';
const STYLE = '/pkg/kleroterion.css';
// The style as pages link it: under the build's version (see the server's
// assets.rs), kept here under its plain address.
const VERSIONED_STYLE = /^\/v\/[0-9a-f]+\/pkg\/kleroterion\.css$/;

// The public pages worth reading offline.
const PUBLIC = [
  /^\/$/,
  /^\/proposals$/,
  /^\/proposals\/\d+$/,
  /^\/proposals\/\d+\/versions$/,
  /^\/draws(\/\d+)?$/,
  /^\/members$/,
  /^\/ledger$/,
  /^\/suivi$/,
  /^\/(accessibility|legal|privacy)$/,
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll([OFFLINE, STYLE])));
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== PAGES && k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

function isPublic(url) {
  return url.origin === self.location.origin && PUBLIC.some((p) => p.test(url.pathname));
}

function personal(response) {
  const control = response.headers.get('Cache-Control') || '';
  return /no-store|private/.test(control);
}

// Keeps the page at `url` as someone signed in to nothing sees it.
async function keepAnonymous(url) {
  const anonymous = await fetch(url, { credentials: 'omit', redirect: 'follow' });
  if (anonymous.ok && !personal(anonymous)) await (await caches.open(PAGES)).put(url, anonymous);
}

// Keeps a public page just loaded: as it came when it is anonymous, else
// its anonymous copy.
async function keep(request, response) {
  if (personal(response)) return keepAnonymous(request.url);
  await (await caches.open(PAGES)).put(request.url, response);
}

// A page opened inside the app (public/sw-register.js tells of each).
self.addEventListener('message', (event) => {
  const address = event.data && event.data.keep;
  if (typeof address !== 'string') return;
  let url;
  try {
    url = new URL(address);
  } catch (notAnAddress) {
    return;
  }
  if (isPublic(url)) event.waitUntil(keepAnonymous(url.href).catch(() => {}));
});

const BANNER = {
  fr: 'Hors ligne : cette page est celle de votre dernière visite, elle peut avoir changé depuis.',
  en: 'Offline: this page is as it was on your last visit; it may have changed since.',
};

// A kept page, marked as kept: the banner goes right after <body>.
async function offlineCopy(cached) {
  const html = await cached.text();
  const lang = /<html[^>]*lang="en"/.test(html) ? 'en' : 'fr';
  const banner = `<p class="offline-banner" role="status">${BANNER[lang]}</p>`;
  return new Response(html.replace(/<body([^>]*)>/, `<body$1>${banner}`), {
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
  });
}

async function page(event) {
  const url = new URL(event.request.url);
  try {
    const response = await fetch(event.request);
    if (response.ok && isPublic(url)) event.waitUntil(keep(event.request, response.clone()).catch(() => {}));
    return response;
  } catch (offline) {
    const cached = isPublic(url) ? await caches.match(url.href, { cacheName: PAGES }) : undefined;
    if (cached) return offlineCopy(cached);
    return (await caches.match(OFFLINE, { cacheName: SHELL })) || Response.error();
  }
}

async function style(event) {
  const cache = await caches.open(SHELL);
  try {
    const response = await fetch(event.request);
    if (response.ok) await cache.put(STYLE, response.clone());
    return response;
  } catch (offline) {
    return (await cache.match(STYLE)) || Response.error();
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') event.respondWith(page(event));
  else if (url.pathname === STYLE || VERSIONED_STYLE.test(url.pathname)) event.respondWith(style(event));
});

// A push (Web Push, encrypted to this browser): what happened, about what,
// and the page it opens. It says no more than that; the rest is in the app.
self.addEventListener('push', (event) => {
  let message;
  try {
    message = event.data.json();
  } catch (unreadable) {
    return;
  }
  if (typeof message.title !== 'string' || typeof message.path !== 'string') return;
  event.waitUntil(
    self.registration.showNotification(message.title, {
      body: typeof message.body === 'string' ? message.body : '',
      icon: '/icons/icon-192.png',
      data: { path: message.path },
    }),
  );
});

// Opens the notification's page, on this site only.
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const path = event.notification.data && event.notification.data.path;
  const url = typeof path === 'string' && path.startsWith('/') && !path.startsWith('//') ? path : '/notifications';
  event.waitUntil(self.clients.openWindow(url));
});
