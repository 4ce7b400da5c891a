import { expect, test } from '@playwright/test';
import { expectAccessible, screenshot, viaMenu, waitForHydration, watchForErrors } from './helpers';

// Holding the city to account (issue 20): a resident opens the public
// board from the menu, reads its figures and charts (each with its
// table), filters by theme through the URL, opens a late answer and
// follows it to its proposal, where the department and the overdue date
// are flagged, as on its card in the proposals list. Runs on a phone and
// on a desktop; axe finds nothing.

test('a resident filters the board by theme and follows a late answer to its proposal', async ({ page }, info) => {
  const errors = watchForErrors(page, [400]);
  await page.goto('/');
  await waitForHydration(page);
  await viaMenu(page, 'Suivi');
  await expect(page.getByRole('heading', { level: 1, name: 'Suivi des propositions adoptées' })).toBeVisible();
  await waitForHydration(page);
  // The figures, and every chart with its table.
  await expect(page.getByText('Délai médian de réponse')).toBeVisible();
  for (const chart of ['Par étape', 'Par thème', 'Par direction']) {
    const section = page.getByRole('region', { name: chart });
    await expect(section.getByRole('table')).toBeVisible();
  }
  await expectAccessible(page);
  await screenshot(page, info, 'board');

  // Filtered by theme: the URL says so, and every item is of that theme.
  await page.getByLabel('Thème', { exact: true }).selectOption('environnement');
  await page.getByRole('button', { name: 'Appliquer' }).click();
  await expect(page).toHaveURL(/[?&]theme=environnement/);
  const items = page.locator('.board-item');
  await expect(items.first()).toBeVisible();
  // Retried: the unfiltered list stays on screen until the filtered one comes.
  await expect(items.locator('.theme').filter({ hasNotText: 'Environnement' })).toHaveCount(0);

  // A late answer: flagged with its days, and its proposal says the same.
  const late = items.filter({ has: page.locator('.late-note') }).first();
  await expect(late.locator('.late-note')).toContainText(/En retard de \d+ jours/);
  const title = (await late.getByRole('heading').innerText()).trim();
  await late.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await waitForHydration(page);
  const deadline = page.locator('.city-deadline');
  await expect(deadline).toContainText('Direction des Espaces verts et de l\'Environnement');
  await expect(deadline.locator('.badge')).toContainText(/En retard de \d+ jours/);
  await expectAccessible(page);
  await screenshot(page, info, 'board-late-proposal');

  // The proposals list flags it too.
  await page.goto('/proposals?status=sent_to_city');
  const card = page.locator('.proposal-card').filter({ has: page.getByRole('link', { name: title }) });
  await expect(card.locator('.badge.late')).toContainText(/En retard de \d+ jours/);

  // A filter naming nothing is explained, not ignored.
  await page.goto('/suivi?statut=perdu');
  await expect(page.getByRole('alert')).toContainText("Cette étape n'existe pas.");
  expect(errors).toEqual([]);
});

// Who sits: the cohort against the census, at its draw and today, each
// chart with its table; attendance and participation as totals.
test('a resident sees who sits in the assembly against the census', async ({ page }, info) => {
  const errors = watchForErrors(page);
  await page.goto('/');
  await waitForHydration(page);
  await viaMenu(page, 'Composition');
  await expect(page.getByRole('heading', { level: 1, name: "Composition de l'assemblée" })).toBeVisible();
  await waitForHydration(page);
  for (const feature of ['Genre', "Tranche d'âge", 'Diplôme', 'Arrondissement']) {
    const chart = page.getByRole('region', { name: feature });
    await expect(chart.getByRole('columnheader', { name: 'Cible (recensement)' })).toBeVisible();
    await expect(chart.getByRole('columnheader', { name: 'Au tirage' })).toBeVisible();
    await expect(chart.getByRole('columnheader', { name: "Aujourd'hui" })).toBeVisible();
  }
  const gender = page.getByRole('region', { name: 'Genre' });
  await expect(gender.getByRole('rowheader', { name: 'Femme' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Présence aux séances' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Participation aux votes' })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, info, 'composition');
  // From the members' list too.
  await page.goto('/members');
  await page.getByRole('link', { name: 'Voir la composition de l\'assemblée au regard du recensement' }).click();
  await expect(page).toHaveURL(/\/assemblee$/);
  expect(errors).toEqual([]);
});
