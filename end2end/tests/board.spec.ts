import { expect, test } from '@playwright/test';
import { expectAccessible, screenshot, signIn, viaMenu, waitForHydration, watchForErrors } from './helpers';

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
  // The term's departures and their public replacement round.
  const rounds = page.getByRole('region', { name: 'Départs et remplacements' });
  await expect(rounds.getByRole('table')).toContainText('9 mars 2026');
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

// The city's commitments: a resident follows an overdue commitment from
// the board to its proposal; an official of the answering department
// commits the city (a past date refused next to its field), then reports
// the commitment met against it.
test('an official commits the city and meets it; an overdue commitment is flagged', async ({ page }, info) => {
  const errors = watchForErrors(page, [400]);
  await page.goto('/suivi?statut=in_progress');
  await waitForHydration(page);
  const overdue = page.locator('.board-item').filter({ hasText: /engagements? en retard/ }).first();
  await expect(overdue.locator('.badge.late')).toContainText(/1 engagement en retard/);
  await overdue.locator('.timeline a[href*="#commitment-"]').first().click();
  await expect(page).toHaveURL(/\/proposals\/\d+#commitment-\d+$/);
  const anchor = new URL(page.url()).hash;
  await expect(page.locator(`${anchor} .badge.late`)).toContainText(/En retard/);
  await expect(page.locator(anchor), 'the page scrolls to the commitment').toBeInViewport();
  await expect(page.getByRole('heading', { level: 2, name: 'Engagements de la Ville' })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, info, 'commitment-overdue');

  await signIn(page, 'ville@demo.kleroterion.fr', 'demo-ville-2026');
  await page.goto('/proposals?status=in_progress');
  await page.locator('.proposal-card h3 a').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await waitForHydration(page);
  // Unique per run: a retry on the same server finds the first run's.
  const what = `Ouvrir un atelier de concertation (${info.project.name} ${Date.now()})`;
  const commit = page.getByRole('button', { name: 'Prendre cet engagement' });
  await page.getByLabel('Engagement pris').fill(what);
  await page.getByLabel('À tenir au plus tard le').fill('2020-01-31');
  await commit.click();
  await expect(page.locator('#commitment-due-error')).toContainText('Cette date est passée');
  const nextYear = new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  await page.getByLabel('À tenir au plus tard le').fill(nextYear);
  await commit.click();
  const made = page.locator('.commitment').filter({ has: page.getByRole('heading', { name: what }) });
  await expect(made).toContainText('0 %');
  await expect(made.locator('time').first()).toHaveAttribute('datetime', nextYear);
  await waitForHydration(page);

  await page.getByLabel("Point d'étape sur").selectOption({ label: what });
  await page.getByLabel('Étape de mise en œuvre').fill('Atelier tenu avec 40 habitants');
  await page.getByLabel('Avancement (%)').fill('100');
  await page.getByRole('button', { name: "Publier l'avancement" }).click();
  await expect(made.locator('.badge')).toContainText('Tenu le');
  await expect(made).toContainText('Atelier tenu avec 40 habitants');
  await expectAccessible(page);
  await made.scrollIntoViewIfNeeded();
  await screenshot(page, info, 'commitment-met');
  expect(errors).toEqual([]);
});
