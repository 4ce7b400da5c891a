import { expect, test } from '@playwright/test';
import { expectAccessible, mainNav, screenshot, waitForHydration, watchForErrors } from './helpers';

test('a resident walks from the home page to a proposal, then switches to English', async ({ page }, info) => {
  const errors = watchForErrors(page);

  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('tirés au sort');
  await expect(page.getByText('membres siègent')).toBeVisible();
  await waitForHydration(page);
  await expectAccessible(page);
  await screenshot(page, info, 'home');

  await mainNav(page).getByRole('link', { name: 'Propositions' }).click();
  await expect(page).toHaveURL(/\/proposals$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Propositions' })).toBeVisible();
  // The demo's 30, and those other journeys on this server have written.
  const count = page.getByText(/^\d+ propositions$/);
  await expect(count).toBeVisible();
  expect(parseInt((await count.textContent()) ?? '0', 10)).toBeGreaterThanOrEqual(30);
  await expectAccessible(page);

  // Proposals come first, even on a phone: the filters are folded.
  await expect(page.locator('.proposal-card').first()).toBeInViewport();
  await expect(page.getByLabel('Thème')).toBeHidden();

  // Filter by theme, in place (client-side navigation after hydration).
  await page.getByText('Filtres et tri').click();
  await page.getByLabel('Thème').selectOption('environnement');
  await page.getByRole('button', { name: 'Appliquer' }).click();
  await expect(page).toHaveURL(/theme=environnement/);
  await expect(page.getByRole('search').locator('summary')).toContainText('1 en cours');
  await expect(page.getByRole('link', { name: 'Planter une forêt urbaine sur les places minérales' })).toBeVisible();
  await expect(page.getByText('Cantine à un euro pour toutes les familles modestes')).toHaveCount(0);
  await screenshot(page, info, 'proposals');

  await page.getByRole('link', { name: 'Planter une forêt urbaine sur les places minérales' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Planter une forêt urbaine sur les places minérales');
  await expect(page.getByRole('heading', { name: 'Vote de l\'assemblée' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Réponse de la Ville' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Suivi de la mise en œuvre' })).toBeVisible();
  await expect(page).toHaveTitle(/Planter une forêt urbaine.*Assemblée citoyenne de Paris/);
  await expectAccessible(page);
  await screenshot(page, info, 'proposal');

  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { name: 'Assembly vote' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, info, 'proposal-en');

  // The choice persists across a full reload and on other pages.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await waitForHydration(page);
  await page.goto('/proposals');
  await expect(page.getByRole('heading', { level: 1, name: 'Proposals' })).toBeVisible();
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Passer en français' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Propositions' })).toBeVisible();

  expect(errors).toEqual([]);
});

test('the language switch works before the wasm loads (no JavaScript)', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/proposals');
  await page.getByRole('button', { name: 'Switch to English' }).click();
  // The server sets the cookie and sends the browser back where it was.
  await expect(page).toHaveURL(/\/proposals\??$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1, name: 'Proposals' })).toBeVisible();
  await context.close();
});

test('keyboard users can skip to the content and see where focus is', async ({ page }) => {
  await page.goto('/');
  await waitForHydration(page);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Aller au contenu' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  const outline = await skip.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).toBe('solid');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#main$/);
});

test('a bad filter and a missing proposal get clear, accessible messages', async ({ page }) => {
  const response = await page.goto('/proposals?status=gagnee');
  expect(response?.status()).toBe(400);
  await expect(page.getByRole('alert')).toHaveText("Cette étape n'existe pas.");
  await expectAccessible(page);

  const missing = await page.goto('/proposals/999999');
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Page introuvable' })).toBeVisible();
  await expectAccessible(page);
});

// On a phone the newcomer's journey re-runs the draw (newcomer.spec.ts):
// once per screen size is enough for CI's two cores.
test('anyone can re-run the demo draw in the browser and see it verified', { tag: '@desktop' }, async ({ page }, info) => {
  test.setTimeout(180_000);
  const errors = watchForErrors(page);
  await page.goto('/draws');
  await expectAccessible(page);
  await page.getByRole('link', { name: /cohorte 2026-2027/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('cohorte 2026-2027');
  await waitForHydration(page);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Vérifier dans mon navigateur' }).click();
  await expect(page.getByRole('status')).toHaveText(
    'Tirage vérifié : votre navigateur a obtenu exactement le même résultat.',
    { timeout: 150_000 },
  );
  await expect(page.locator('.check-bad')).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, info, 'draw-verified');
  expect(errors).toEqual([]);
});
