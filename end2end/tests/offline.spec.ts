import { BrowserContext, expect, Page, test } from '@playwright/test';
import { expectAccessible, screenshot, signIn, waitForHydration, watchForErrors } from './helpers';

// The installable app (issue 21): a manifest with icons, and a service
// worker (public/sw.js) that keeps the public pages a person read readable
// offline and says so, and never keeps a page seen signed in — another
// person on the same phone finds nothing of the first one's account.

/** Whether the service worker has kept a page, and what it kept. */
async function kept(page: Page, path: string): Promise<string | null> {
  return page.evaluate(async (p) => {
    const response = await caches.match(location.origin + p);
    return response ? response.text() : null;
  }, path);
}

/** Cuts the network, the service worker's included. Offline emulation
 * alone can miss a worker that restarts meanwhile (its fetch then reached
 * the server in one CI run), so every request of the context also fails,
 * as it would on a phone without signal. */
async function offline(context: BrowserContext, on: boolean) {
  await context.setOffline(on);
  if (on) {
    await context.route('**/*', (route) => route.abort('internetdisconnected'));
  } else {
    await context.unrouteAll();
  }
}

async function firstProposal(page: Page, nth: number): Promise<{ path: string; title: string }> {
  await page.goto('/proposals');
  const link = page.locator('.proposal-card h3 a').nth(nth);
  const title = (await link.textContent())!.trim();
  await link.click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  return { path: new URL(page.url()).pathname, title };
}

test('a resident reads proposals offline, marked as kept; nothing seen signed in is ever kept', async ({ browser }, info) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ baseURL: info.project.use.baseURL, locale: 'fr-FR', viewport: info.project.use.viewport });
  const page = await context.newPage();
  const errors = watchForErrors(page);

  // Installable: a manifest with a maskable 512 px icon that exists.
  await page.goto('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  const manifest = await (await page.request.get(href!)).json();
  expect(manifest.display).toBe('standalone');
  const maskable = manifest.icons.find((i: { purpose: string; sizes: string }) => i.purpose === 'maskable');
  expect(maskable.sizes).toBe('512x512');
  const icon = await page.request.get(maskable.src);
  expect(icon.headers()['content-type']).toBe('image/png');

  // The worker takes the pages from the next one on.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  // Chromium's own verdict: nothing of the site keeps it from being
  // installed. ("in-incognito" is the test's throwaway browser profile,
  // where Chromium installs nothing at all.)
  const cdp = await context.newCDPSession(page);
  await expect
    .poll(async () =>
      (await cdp.send('Page.getInstallabilityErrors')).installabilityErrors
        .map((e) => e.errorId)
        .filter((id) => id !== 'in-incognito'),
    )
    .toEqual([]);
  const read = await firstProposal(page, 0);
  await waitForHydration(page);
  await expect.poll(() => kept(page, read.path).then((html) => html !== null)).toBe(true);
  expect(errors, 'the worker runs under the pages\' Content-Security-Policy without a violation').toEqual([]);

  // Offline: the page read is there, and says it is a kept copy.
  await offline(context, true);
  await page.goto(read.path);
  await expect(page.getByRole('heading', { level: 1, name: read.title })).toBeVisible();
  await expect(page.locator('.offline-banner')).toHaveText(/^Hors ligne : cette page est celle de votre dernière visite/);
  await expectAccessible(page);
  await screenshot(page, info, 'offline-proposal');
  // A page never opened here: the offline notice.
  await page.goto('/members');
  await expect(page.getByRole('heading', { level: 1, name: 'Vous êtes hors ligne' })).toBeVisible();
  await expectAccessible(page);
  await offline(context, false);

  // Signed in: what is kept of a public page is the anonymous copy, and a
  // personal page is not kept at all.
  await signIn(page, 'membre2@demo.kleroterion.fr', 'demo-membre2-2026');
  await page.goto('/notifications');
  await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
  const other = await firstProposal(page, 1);
  await expect(page.getByRole('link', { name: 'Mon compte', includeHidden: true })).toHaveCount(1);
  await expect.poll(() => kept(page, other.path).then((html) => html !== null)).toBe(true);
  expect(await kept(page, other.path)).not.toContain('Mon compte');
  expect(await kept(page, '/notifications')).toBeNull();
  await offline(context, true);
  await page.goto('/notifications');
  await expect(page.getByRole('heading', { level: 1, name: 'Vous êtes hors ligne' })).toBeVisible();
  await page.goto(other.path);
  await expect(page.getByRole('heading', { level: 1, name: other.title })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Mon compte', includeHidden: true })).toHaveCount(0);
  await offline(context, false);
  await context.close();
});
