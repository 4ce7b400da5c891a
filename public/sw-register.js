// Registers the service worker (public/sw.js) that keeps the public pages
// a person has read readable offline. A separate file, not an inline
// script: the pages' Content-Security-Policy runs only this site's files.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {});
  // A page opened inside the app changes the address without loading a
  // page, so the worker never sees it: tell it, and it keeps that page too.
  const pushState = history.pushState;
  history.pushState = function (...args) {
    const result = pushState.apply(this, args);
    const worker = navigator.serviceWorker.controller;
    if (worker) worker.postMessage({ keep: location.href });
    return result;
  };
}
