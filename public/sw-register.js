// Registers the service worker (public/sw.js) that keeps the public pages
// a person has read readable offline. A separate file, not an inline
// script: the pages' Content-Security-Policy runs only this site's files.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {});
}
