import { expect, Page, test } from '@playwright/test';
import { expectAccessible, screenshot, waitForHydration, watchForErrors } from './helpers';

async function signIn(page: Page, email: string, password: string) {
  await page.goto('/signin');
  await waitForHydration(page);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Mon compte' })).toBeVisible();
}

test('a resident comments on a proposal in deliberation', async ({ page }, info) => {
  const errors = watchForErrors(page, [400]);
  await signIn(page, 'habitante@demo.kleroterion.fr', 'demo-habitante-2026');
  await page.goto('/proposals?status=deliberation');
  await page.locator('.proposal-card h3 a').first().click();
  await waitForHydration(page);
  const form = page.locator('form.comment-form').first();
  await form.getByRole('button', { name: 'Publier' }).click();
  await expect(form.getByText('Ce champ est obligatoire.')).toBeVisible();

  const text = `Avis ${info.project.name} ${Date.now()} : il faut aussi penser aux personnes âgées.`;
  await form.getByLabel('Votre position').selectOption('pour');
  await form.getByLabel('Votre commentaire').fill(text);
  await form.getByRole('button', { name: 'Publier' }).click();
  await expect(page.getByText(text)).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, info, 'commented');
  expect(errors).toEqual([]);
});

test('a member votes in an open vote and can change the ballot', async ({ page }, info) => {
  const errors = watchForErrors(page);
  await signIn(page, 'membre@demo.kleroterion.fr', 'demo-membre-2026');
  await page.goto('/proposals?q=gymnases');
  await page.getByRole('link', { name: "Des gymnases ouverts aux associations jusqu'à 23 h" }).click();
  await waitForHydration(page);
  const ballot = page.getByRole('group', { name: 'Votre vote' });
  await ballot.getByLabel('Contre').check();
  await page.getByRole('button', { name: 'Voter', exact: true }).click();
  await expect(page.getByText("Votre vote est enregistré ; vous pouvez le changer jusqu'à la clôture.")).toBeVisible();
  await expect(page.getByRole('group', { name: 'Votre vote' }).getByLabel('Contre')).toBeChecked();
  await page.getByRole('group', { name: 'Votre vote' }).getByLabel('Pour').check();
  await page.getByRole('button', { name: 'Voter', exact: true }).click();
  await expect(page.getByRole('group', { name: 'Votre vote' }).getByLabel('Pour')).toBeChecked();
  await expectAccessible(page);
  await screenshot(page, info, 'voted');
  expect(errors).toEqual([]);
});

test('a facilitator closes a vote and the count decides the proposal', async ({ page }, info) => {
  const errors = watchForErrors(page);
  // Each screen size closes its own vote, so the two runs never collide.
  const title = info.project.name === 'phone'
    ? "Un composteur de quartier à moins de cinq minutes de chaque logement"
    : 'Encadrer les locations touristiques dans les quartiers tendus';
  await signIn(page, 'facilitation@demo.kleroterion.fr', 'demo-facilitation-2026');
  await page.goto('/proposals?status=vote');
  await page.getByRole('link', { name: title }).click();
  await waitForHydration(page);
  await expect(page.getByText('Vote en cours')).toBeVisible();
  await page.getByRole('button', { name: 'Clore le vote' }).click();
  await expect(page.getByText('Vote clos')).toBeVisible();
  await expect(page.locator('.proposal .card-meta .badge').first()).toHaveText(/Adoptée|Rejetée/);
  await expect(page.getByRole('button', { name: 'Clore le vote' })).toHaveCount(0);
  await expectAccessible(page);
  expect(errors).toEqual([]);
});

test('a new resident volunteers for the next draw and keeps the pseudonym as a receipt', async ({ page }, info) => {
  const errors = watchForErrors(page, [400]);
  await page.goto('/signup');
  await waitForHydration(page);
  await page.getByLabel('Nom affiché').fill('Jeanne V.');
  await page.getByLabel('Adresse e-mail').fill(`jeanne.${info.project.name}.${Date.now()}@exemple.fr`);
  await page.getByLabel('Mot de passe').fill('cheval agrafe batterie');
  await page.getByLabel("J'ai 16 ans ou plus.").check();
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await expect(page.getByRole('status')).toContainText('Jeanne V.');

  await page.goto('/');
  await page.getByRole('link', { name: 'Se porter volontaire' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Se porter volontaire' })).toBeVisible();
  await waitForHydration(page);
  await page.getByLabel('Année de naissance').fill('2016');
  await page.getByRole('button', { name: 'Entrer dans le tirage' }).click();
  await expect(page.getByText("Il faut avoir 16 ans ou plus pour participer.")).toBeVisible();
  await expect(page.getByText('Votre accord est nécessaire pour entrer dans le tirage.')).toBeVisible();

  await page.getByLabel('Genre').selectOption('female');
  await page.getByLabel('Année de naissance').fill('1958');
  await page.getByLabel('Diplôme le plus élevé').selectOption('baccalaureat');
  await page.getByLabel('Arrondissement').selectOption('75118');
  await page.getByLabel("J'accepte que ces réponses servent au tirage au sort").check();
  await page.getByRole('button', { name: 'Entrer dans le tirage' }).click();
  await expect(page.getByRole('status')).toContainText(/Votre pseudonyme : V-[2-9A-Z]{8}/);
  await expectAccessible(page);
  await screenshot(page, info, 'volunteered');
  expect(errors).toEqual([]);
});

test('a member writes a proposal; a facilitator opens the vote; members vote; it goes to the city, which answers and reports progress', async ({ browser }, info) => {
  test.setTimeout(120_000);
  const context = () => browser.newContext({ baseURL: info.project.use.baseURL, locale: 'fr-FR', viewport: info.project.use.viewport });
  const title = `Des bancs à l'ombre ${info.project.name} ${Date.now()}`;

  // A member writes it; a missing summary is named first.
  const member = await (await context()).newPage();
  const memberErrors = watchForErrors(member, [400]);
  await signIn(member, 'membre@demo.kleroterion.fr', 'demo-membre-2026');
  await member.goto('/proposals');
  await member.getByRole('link', { name: 'Faire une proposition' }).click();
  await waitForHydration(member);
  await member.getByLabel('Thème').selectOption('environnement');
  await member.getByLabel('Titre (5 à 140 caractères)').fill(title);
  await member.getByLabel('La proposition').fill('Installer des **bancs** ombragés tous les 300 mètres sur les grands axes.');
  await member.getByRole('button', { name: 'Publier la proposition' }).click();
  await expect(member.getByText('Ce champ est obligatoire.')).toBeVisible();
  await member.getByLabel('Résumé en une phrase (10 à 300 caractères)').fill('Des bancs ombragés pour marcher en ville par forte chaleur.');
  await expectAccessible(member);
  await member.getByRole('button', { name: 'Publier la proposition' }).click();
  await expect(member.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(member.locator('.prose strong')).toHaveText('bancs');
  const path = new URL(member.url()).pathname;

  // The facilitator opens the vote, with no quorum so that one ballot decides.
  const admin = await (await context()).newPage();
  const adminErrors = watchForErrors(admin);
  await signIn(admin, 'facilitation@demo.kleroterion.fr', 'demo-facilitation-2026');
  await admin.goto(path);
  await waitForHydration(admin);
  const next = admin.getByRole('region', { name: 'Étape suivante' });
  await next.getByLabel('Quorum (% des membres qui doivent voter)').fill('0');
  await next.getByRole('button', { name: 'Ouvrir le vote' }).click();
  await expect(admin.getByText('Vote en cours')).toBeVisible();
  await expectAccessible(admin);

  // The member votes; the facilitator closes; the proposal goes to the city.
  await member.reload();
  await waitForHydration(member);
  await member.getByRole('group', { name: 'Votre vote' }).getByLabel('Pour').check();
  await member.getByRole('button', { name: 'Voter', exact: true }).click();
  await expect(member.getByText("Votre vote est enregistré ; vous pouvez le changer jusqu'à la clôture.")).toBeVisible();
  await admin.reload();
  await waitForHydration(admin);
  await admin.getByRole('button', { name: 'Clore le vote' }).click();
  await expect(admin.locator('.proposal .card-meta .badge').first()).toHaveText('Adoptée');
  await admin.getByRole('button', { name: 'Transmettre à la Ville' }).click();
  await expect(admin.locator('.proposal .card-meta .badge').first()).toHaveText('Transmise à la Ville');

  // The city answers, then reports progress.
  const city = await (await context()).newPage();
  const cityErrors = watchForErrors(city, [400]);
  await signIn(city, 'ville@demo.kleroterion.fr', 'demo-ville-2026');
  await city.goto(path);
  await waitForHydration(city);
  await city.getByLabel('Réponse de la Ville').selectOption('partly');
  await city.getByLabel('Motifs et engagements').fill('Court.');
  await city.getByRole('button', { name: 'Publier la réponse' }).click();
  await expect(city.getByRole('alert').filter({ hasText: 'au moins' })).toBeVisible();
  await city.getByLabel('Motifs et engagements').fill('La Ville installera 200 bancs ombragés en 2027, en commençant par les grands axes du nord-est.');
  await city.getByRole('button', { name: 'Publier la réponse' }).click();
  await expect(city.getByRole('heading', { name: 'Réponse de la Ville' }).first()).toBeVisible();
  await city.getByLabel('Étape de mise en œuvre').fill('50 premiers bancs posés');
  await city.getByLabel('Avancement (%)').fill('25');
  await city.getByRole('button', { name: "Publier l'avancement" }).click();
  await expect(city.getByRole('progressbar', { name: '50 premiers bancs posés' })).toBeVisible();
  await expectAccessible(city);
  await screenshot(city, info, 'city-progress');
  expect(memberErrors).toEqual([]);
  expect(adminErrors).toEqual([]);
  expect(cityErrors).toEqual([]);
});

test('a member amends a passage; the author accepts it and the versions show the change word by word', async ({ browser }, info) => {
  test.setTimeout(120_000);
  const context = () => browser.newContext({ baseURL: info.project.use.baseURL, locale: 'fr-FR', viewport: info.project.use.viewport });
  const title = `Des rues aux écoles ${info.project.name} ${Date.now()}`;
  const member = await (await context()).newPage();
  const memberErrors = watchForErrors(member, [400]);
  await signIn(member, 'membre@demo.kleroterion.fr', 'demo-membre-2026');
  await member.goto('/proposals/new');
  await waitForHydration(member);
  await member.getByLabel('Thème').selectOption('urbanisme');
  await member.getByLabel('Titre (5 à 140 caractères)').fill(title);
  await member.getByLabel('Résumé en une phrase (10 à 300 caractères)').fill('Fermer aux voitures les rues devant les écoles.');
  await member.getByLabel('La proposition').fill("Fermer aux voitures les rues des écoles aux heures d'entrée.");
  await member.getByRole('button', { name: 'Publier la proposition' }).click();
  await expect(member.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const path = new URL(member.url()).pathname;

  const admin = await (await context()).newPage();
  await signIn(admin, 'facilitation@demo.kleroterion.fr', 'demo-facilitation-2026');
  await admin.goto(path);
  await waitForHydration(admin);
  await admin.getByRole('button', { name: 'Ouvrir les amendements' }).click();
  await expect(admin.locator('.proposal .card-meta .badge').first()).toHaveText('Amendements');

  await member.reload();
  await waitForHydration(member);
  await member.getByText('Proposer un amendement').click();
  await member.getByLabel('Passage à modifier (copié du texte)').fill('aux heures de pointe');
  await member.getByLabel('Nouvelle rédaction').fill("aux heures d'entrée et de sortie");
  await member.getByLabel('Pourquoi ce changement').fill('Les sorties comptent autant que les entrées.');
  await member.getByRole('button', { name: "Déposer l'amendement" }).click();
  await expect(member.getByText('copiez-le exactement')).toBeVisible();
  await member.getByLabel('Passage à modifier (copié du texte)').fill("aux heures d'entrée");
  await member.getByRole('button', { name: "Déposer l'amendement" }).click();
  const amendment = member.locator('.amendment').first();
  await expect(amendment.locator('ins')).toContainText('et de sortie');
  await expectAccessible(member);
  await amendment.getByRole('button', { name: 'Accepter' }).click();
  await expect(member.locator('.prose')).toContainText("aux heures d'entrée et de sortie.");
  await expect(member.locator('.amendment .badge').first()).toHaveText('Accepté');

  await member.getByRole('link', { name: 'Historique des versions et différences' }).click();
  await expect(member.getByRole('heading', { level: 1, name: 'Versions du texte' })).toBeVisible();
  await expect(member.locator('.diff ins')).toContainText('et de sortie');
  await expectAccessible(member);
  await screenshot(member, info, 'versions');
  expect(memberErrors).toEqual([]);
});

test('a second browser sees a new comment appear without reloading', async ({ browser }, info) => {
  const context = () => browser.newContext({ baseURL: info.project.use.baseURL, locale: 'fr-FR', viewport: info.project.use.viewport });
  const watcher = await (await context()).newPage();
  const watcherErrors = watchForErrors(watcher);
  await signIn(watcher, 'membre@demo.kleroterion.fr', 'demo-membre-2026');
  await watcher.goto('/proposals?status=deliberation');
  const link = watcher.locator('.proposal-card h3 a').nth(1);
  const path = await link.getAttribute('href') ?? '';
  const listening = watcher.waitForResponse((r) => r.url().endsWith(`${path}/events`));
  await watcher.goto(path);
  await waitForHydration(watcher);
  await listening;
  // A marker that a reload would erase.
  await watcher.evaluate(() => { (window as unknown as { stillHere: boolean }).stillHere = true; });
  await watcher.getByLabel('Votre commentaire').first().fill('Je tape encore…');

  const author = await (await context()).newPage();
  await signIn(author, 'habitante@demo.kleroterion.fr', 'demo-habitante-2026');
  await author.goto(path);
  await waitForHydration(author);
  const text = `En direct ${info.project.name} ${Date.now()}`;
  const form = author.locator('form.comment-form').first();
  await form.getByLabel('Votre position').selectOption('neutre');
  await form.getByLabel('Votre commentaire').fill(text);
  await form.getByRole('button', { name: 'Publier' }).click();
  await expect(author.getByText(text)).toBeVisible();

  await expect(watcher.getByText(text)).toBeVisible({ timeout: 10_000 });
  expect(await watcher.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
  await expect(watcher.getByLabel('Votre commentaire').first()).toHaveValue('Je tape encore…');
  expect(watcherErrors).toEqual([]);
});

test('a facilitator adds a theme, which proposals can then use', async ({ page }, info) => {
  const errors = watchForErrors(page, [400]);
  const name = `Culture ${info.project.name} ${Date.now()}`;
  await signIn(page, 'facilitation@demo.kleroterion.fr', 'demo-facilitation-2026');
  await page.goto('/proposals');
  await waitForHydration(page);
  await page.getByText('Ajouter un thème').first().click();
  await page.getByLabel('Nom en français').fill(name);
  await page.getByRole('button', { name: 'Ajouter un thème' }).click();
  await expect(page.getByText('Ce champ est obligatoire.')).toBeVisible();
  await page.getByLabel('Nom en anglais').fill(`Culture ${info.project.name}`);
  await page.getByRole('button', { name: 'Ajouter un thème' }).click();
  await expect(page.getByText('Thème ajouté.')).toBeVisible();
  await expectAccessible(page);
  await page.goto('/proposals/new');
  await expect(page.getByLabel('Thème').locator('option', { hasText: name })).toHaveCount(1);
  expect(errors).toEqual([]);
});
