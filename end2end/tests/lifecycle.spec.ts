import { expect, test } from '@playwright/test';
import { expectAccessible, screenshot, secondPage, signIn, volunteer, waitForHydration, watchForErrors } from './helpers';

const HEADER = 'nom,genre,annee_naissance,diplome,arrondissement,consentement\n';

test('a facilitator opens a pool, a resident volunteers, finds the receipt in the published pool and joins the ceremony', async ({ page, browser }, info) => {
  test.setTimeout(120_000);
  const title = `Cohorte d'essai ${info.project.name} ${Date.now()}`;
  const admin = await secondPage(browser, info);
  const adminErrors = watchForErrors(admin, [400]);
  await signIn(admin, 'facilitation@demo.kleroterion.fr', 'demo-facilitation-2026');
  await admin.goto('/draws');
  await waitForHydration(admin);
  await admin.getByText('Préparer un nouveau tirage').click();
  await admin.getByLabel('Titre du tirage').fill(title);
  await admin.getByLabel('Nombre de sièges').fill('2');
  await admin.getByLabel('Début du mandat').fill('2029-01-01');
  await admin.getByLabel('Fin du mandat').fill('2030-06-30');
  await admin.getByRole('button', { name: 'Créer et ouvrir le pool' }).click();
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(admin.getByText('Le pool est ouvert aux volontaires.')).toBeVisible();
  const drawPath = new URL(admin.url()).pathname;
  const drawId = drawPath.split('/').pop();

  // Quotas: the census sheet, checked as it is typed; saved when it adds up.
  await admin.getByText('Modifier les quotas').click();
  const women = admin.getByRole('spinbutton', { name: 'Femme Minimum', exact: true });
  await women.fill('3');
  await expect(admin.getByText('Genre : les minimums font 3 sièges, pour 2 sièges en tout.')).toBeVisible();
  await expect(admin.getByText('Femme (genre) : le minimum dépasse le maximum.')).toBeVisible();
  const save = admin.getByRole('button', { name: 'Enregistrer les quotas' });
  await expect(save).toBeDisabled();
  await women.fill('1');
  await expect(admin.getByText('Genre : les minimums font')).toHaveCount(0);
  // An empty pool is short of that woman: a warning, not a refusal.
  await expect(admin.getByText('Femme (genre) : au moins 1 sièges, et 0 volontaires pour l\'instant.')).toBeVisible();
  await save.click();
  await expect(admin.getByText('Quotas enregistrés.')).toBeVisible();
  await expectAccessible(admin);

  // A letter campaign's file: a bad row refuses it all, line by line.
  const csv = admin.getByLabel("Importer les répondants d'une campagne de lettres (CSV)");
  await csv.fill(`${HEADER}Trop Jeune,female,2020,baccalaureat,75111,oui\nSans Accord,male,1970,cap_bep,75120,non\n`);
  await admin.getByRole('button', { name: 'Importer', exact: true }).click();
  await expect(admin.getByRole('alert').filter({ hasText: 'Ligne 2' })).toContainText('moins de 16 ans');
  await expect(admin.getByRole('alert').filter({ hasText: 'Ligne 3' })).toContainText('pas de consentement');
  await csv.fill(`${HEADER}Awa Diallo,female,1990,bac_plus_5_or_more,75111,oui\nJean Martin,male,1950,none_or_cep,75120,oui\nLina Roux,female,1975,cap_bep,75118,oui\n`);
  await admin.getByRole('button', { name: 'Importer', exact: true }).click();
  await expect(admin.getByText('3 personnes importées.')).toBeVisible();

  // A resident volunteers and keeps the receipt.
  const errors = watchForErrors(page);
  await signIn(page, 'habitante@demo.kleroterion.fr', 'demo-habitante-2026');
  await page.goto(`/volunteer?draw=${drawId}`);
  await waitForHydration(page);
  await expect(page.getByRole('heading', { level: 2, name: title })).toBeVisible();
  await volunteer(page, { gender: 'female', born: '1984', diploma: 'bac_plus_2', district: '75113' });
  const receipt = page.getByRole('status').filter({ hasText: 'Votre pseudonyme' });
  await expect(receipt).toContainText(/V-[2-9A-Z]{8}/);
  const pseudonym = (await receipt.textContent())?.match(/V-[2-9A-Z]{8}/)?.[0] ?? '';

  // The facilitator asks the engine, then closes the pool and publishes its commitment.
  await admin.reload();
  await waitForHydration(admin);
  await admin.getByText('Modifier les quotas').click();
  await expect(admin.getByRole('spinbutton', { name: 'Femme Minimum', exact: true })).toHaveValue('1');
  await admin.getByRole('button', { name: 'Vérifier avec le vivier actuel' }).click();
  await expect(admin.getByText('Au moins un panel respecte ces quotas avec les volontaires actuels.')).toBeVisible();
  // The public value is announced now, in an exact form, to become known
  // only after the reveals close (48 + 24 hours from now).
  const commitPool = admin.getByRole('button', { name: "Clore le pool et publier l'engagement" });
  await admin.getByLabel('Valeur publique annoncée à l\'avance').fill('Loto du samedi suivant, fdj.fr');
  await admin.getByLabel('Sa forme exacte').selectOption('loto');
  const knownFrom = admin.getByLabel('Connue à partir du (heure UTC)');
  await knownFrom.fill(new Date(Date.now() + 24 * 3600_000).toISOString().slice(0, 16));
  await commitPool.click();
  await expect(admin.getByRole('alert').filter({ hasText: 'après la clôture des révélations' })).toBeVisible();
  await knownFrom.fill(new Date(Date.now() + 5 * 24 * 3600_000).toISOString().slice(0, 16));
  await commitPool.click();
  await expect(admin.getByText('Le pool est clos et publié')).toBeVisible();
  await expect(admin.getByText('Loto du samedi suivant, fdj.fr')).toBeVisible();
  expect(adminErrors).toEqual([]);

  // The resident finds the receipt in the published pool, checked in the browser.
  await page.goto(drawPath);
  await waitForHydration(page);
  const field = page.getByLabel('Votre pseudonyme (reçu de volontariat)');
  await field.fill('V-ZZZZZZZZ');
  await page.getByRole('button', { name: "Vérifier qu'il figure dans le pool publié" }).click();
  await expect(page.getByText('Ce pseudonyme ne figure pas dans le pool publié.')).toBeVisible();
  await field.fill(pseudonym);
  await page.getByRole('button', { name: "Vérifier qu'il figure dans le pool publié" }).click();
  await expect(page.getByText('Votre pseudonyme figure dans le pool publié.')).toBeVisible();

  // And contributes a secret to the seed: only its hash leaves the browser.
  await page.getByRole('button', { name: 'Contribuer au hasard' }).click();
  await expect(page.getByText('Votre engagement est publié :')).toBeVisible();
  const secret = await page.evaluate(() => Object.entries(window.localStorage).find(([k]) => k.startsWith('kleroterion.seed.'))?.[1]);
  expect(secret).toMatch(/^[0-9a-f]{64}$/);
  await expect(page.getByText(secret ?? 'missing')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, info, 'draw-ceremony');
  expect(errors).toEqual([]);
});

test('the verification page of the demo draw shows every check passed', async ({ page }, info) => {
  test.setTimeout(180_000);
  const errors = watchForErrors(page);
  await page.goto('/draws/1/verify');
  await expect(page.getByRole('heading', { level: 1, name: 'Vérifier ce tirage' })).toBeVisible();
  await waitForHydration(page);
  // The engine works in a web worker: the page keeps answering meanwhile.
  await expect(page.getByRole('progressbar', { name: 'Vérification en cours' })).toBeVisible();
  const frameDelay = await page.evaluate(() => {
    const start = performance.now();
    return new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now() - start)));
  });
  expect(frameDelay).toBeLessThan(500);
  await expect(page.getByRole('status')).toHaveText(
    'Tirage vérifié : votre navigateur a obtenu exactement le même résultat.',
    { timeout: 150_000 },
  );
  await expect(page.locator('.check-ok')).toHaveCount(7);
  await expect(page.locator('.check-bad')).toHaveCount(0);
  await expect(page.getByText('De la graine au panel tiré')).toBeVisible();
  // Charts: every quota met by the panel drawn, and the chances.
  const gender = page.getByRole('table', { name: 'Genre' });
  await expect(gender.getByRole('row')).toHaveCount(3);
  await expect(page.getByRole('table', { name: 'Arrondissement' }).getByRole('row')).toHaveCount(18);
  await expect(page.getByRole('heading', { name: 'Les chances de chaque volontaire' })).toBeVisible();
  await expect(page.locator('.histogram li')).toHaveCount(10);
  await expectAccessible(page);
  await screenshot(page, info, 'draw-verify');
  expect(errors).toEqual([]);
});

test('the verification page of a draw not yet drawn says what will be verifiable, and when', async ({ page }, info) => {
  const errors = watchForErrors(page);
  // The demo's second draw is the next cohort's, its pool still open.
  const response = await page.goto('/draws/2/verify');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByText("Ce tirage n'a pas encore eu lieu.")).toBeVisible();
  await expect(page.getByText('Sa date sera fixée à la clôture du pool des volontaires')).toContainText('1 juillet 2027');
  await expectAccessible(page);
  await screenshot(page, info, 'verify-not-drawn-yet');
  expect(errors).toEqual([]);
});

test('a tampered copy of the record fails at the step it breaks', async ({ page }) => {
  test.setTimeout(180_000);
  await page.route('**/draws/1/record.json', async (route) => {
    const response = await route.fetch();
    const record = await response.json();
    // One character of the seed: everything else still holds.
    const seed: string = record.draw.seed;
    record.draw.seed = (seed[0] === '0' ? '1' : '0') + seed.slice(1);
    await route.fulfill({ response, json: record });
  });
  await page.goto('/draws/1/verify');
  await waitForHydration(page);
  await expect(page.getByRole('status')).toHaveText(
    'Échec de la vérification : au moins une étape ne correspond pas.',
    { timeout: 150_000 },
  );
  await expect(page.locator('.check-bad')).toHaveCount(1);
  await expect(page.locator('.check-bad')).toContainText('De la graine au panel tiré');
  await expect(page.locator('.check-ok').filter({ hasText: 'Empreinte des données publiées' })).toHaveCount(1);
});

test('the roster lists the sitting cohort, by name only for those who agreed', async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto('/draws');
  await page.getByRole('link', { name: 'Tous les membres, cohorte par cohorte' }).click();
  await expect(page.getByRole('heading', { level: 1, name: "Membres de l'assemblée" })).toBeVisible();
  const cohort = page.getByRole('region', { name: /cohorte 2026-2027/ });
  await expect(cohort).toContainText('En cours');
  await expect(cohort).toContainText('100 membres en fonction');
  // Every member has a label of their own (never their pool pseudonym);
  // only some show a name. The four who left during the term stay on the
  // roster, marked so, after the hundred who sit.
  await expect(cohort.locator('li code')).toHaveCount(104);
  await expect(cohort.locator('li').filter({ hasText: "a quitté l'assemblée" })).toHaveCount(4);
  await expect(cohort.locator('li').last()).toContainText("a quitté l'assemblée");
  await expect(cohort.locator('li code').first()).toHaveText(/^M-[2-9A-Z]{8}$/);
  const named = await cohort.locator('li strong').count();
  expect(named).toBeGreaterThan(0);
  expect(named).toBeLessThan(104);
  await expectAccessible(page);
  expect(errors).toEqual([]);
});

test('an invitation link that is not valid says so, in a readable page', async ({ page }) => {
  const errors = watchForErrors(page, [404]);
  const response = await page.goto('/invitations/12.0000000000000000000000000000000000000000000000000000000000000000');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: "Votre invitation à l'Assemblée citoyenne" })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText("Ce lien d'invitation n'est pas valable.");
  await expectAccessible(page);
  expect(errors).toEqual([]);
});
