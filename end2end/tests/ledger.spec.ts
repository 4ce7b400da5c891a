import { expect, test } from '@playwright/test';
import { expectAccessible, screenshot, waitForHydration, watchForErrors } from './helpers';

test('the public ledger verifies in the browser and remembers its head', async ({ page }, info) => {
  const errors = watchForErrors(page);
  await page.goto('/');
  await page.getByRole('contentinfo').getByRole('link', { name: 'Registre public' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Registre public' })).toBeVisible();
  await waitForHydration(page);
  const verdict = page.locator('.verdict-ok');
  await expect(verdict).toContainText(/Registre vérifié : \d+ entrées, enchaînées sans rupture\./, { timeout: 60_000 });
  // Other journeys append entries meanwhile: compare with what the page saw.
  const seen = Number(/(\d+) entrées/.exec(await verdict.innerText())?.[1]);
  const ledger = await (await page.request.get('/api/export/ledger.json')).json();
  expect(ledger.length).toBeGreaterThanOrEqual(seen);
  await expect(page.locator('.hashes code')).toHaveText(ledger[seen - 1].hash);
  await expectAccessible(page);
  await screenshot(page, info, 'ledger');

  // The browser saved the head: a later ledger that lost it fails there.
  await page.route('**/api/export/ledger.json', async (route) => {
    const response = await route.fetch();
    const entries = await response.json();
    await route.fulfill({ response, json: entries.slice(0, seen - 1) });
  });
  await page.getByRole('button', { name: 'Vérifier à nouveau' }).click();
  await expect(page.locator('.verdict-bad')).toContainText(`Chaîne rompue à l'entrée n° ${seen}.`);
  await expect(page.locator('.verdict-bad')).toContainText('des entrées ont été supprimées');
  expect(errors).toEqual([]);
});

test('a ledger altered by one byte fails at the altered entry', async ({ page }) => {
  await page.route('**/api/export/ledger.json', async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    // Turn the first vote result's "pour":NN into "pour":NN1, one byte more.
    const at = body.indexOf('\\"pour\\":');
    const end = body.indexOf(',', at);
    await route.fulfill({ response, body: body.slice(0, end) + '1' + body.slice(end) });
  });
  await page.goto('/ledger');
  await waitForHydration(page);
  const ledger = await (await page.request.get('/api/export/ledger.json')).json();
  const altered = ledger.find((e: { kind: string }) => e.kind === 'vote.result');
  const broken = page.locator('.verdict-bad');
  await expect(broken).toContainText(`Chaîne rompue à l'entrée n° ${altered.seq}.`, { timeout: 60_000 });
  await expect(broken).toContainText('elle a été modifiée');
  await expectAccessible(page);
});

test('a proposal links to its ledger entries, which link back', async ({ page }) => {
  await page.goto('/proposals?status=implemented');
  await page.locator('.proposal-card h3 a').first().click();
  const title = await page.getByRole('heading', { level: 1 }).textContent();
  await page.getByRole('link', { name: 'Ses entrées au registre public' }).first().click();
  await expect(page).toHaveURL(/\/ledger\?subject=proposal\/\d+/);
  await expect(page.getByText(/Entrées concernant la proposition n° \d+/)).toBeVisible();
  await expect(page.locator('.ledger-entry').first()).toBeVisible();
  await expect(page.getByText(`« ${title} » : Réalisée`)).toBeVisible();
  await expect(page.getByText(/Vote n° \d+ : Adoptée/)).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: /Entrées concernant la proposition/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title ?? '');
});
