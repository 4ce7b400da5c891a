import { expect, test } from '@playwright/test';
import { expectAccessible, mainNav, screenshot, signIn, signUp, viaMenu, volunteer, waitForHydration, watchForErrors } from './helpers';
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
  await expect(page.locator('.comment-body', { hasText: text })).toBeVisible();
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
  // Changed at once, while the page may still be reloading what the first
  // ballot changed: the pick must survive that reload and be what is sent.
  await page.getByRole('group', { name: 'Votre vote' }).getByLabel('Pour').check();
  // The reload must not cancel the second ballot on its way: it waits for
  // the server to have recorded it (red once in CI when it did not).
  const recorded = page.waitForResponse((r) => r.url().endsWith('/api/vote/ballot') && r.ok());
  await page.getByRole('button', { name: 'Voter', exact: true }).click();
  await recorded;
  await expect(page.getByRole('group', { name: 'Votre vote' }).getByLabel('Pour')).toBeChecked();
  await page.reload();
  await waitForHydration(page);
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
  await signUp(page, { name: 'Jeanne V.', email: `jeanne.${info.project.name}.${Date.now()}@exemple.fr`, password: 'cheval agrafe batterie' });

  await page.goto('/');
  await page.getByRole('link', { name: 'Se porter volontaire' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Se porter volontaire' })).toBeVisible();
  await waitForHydration(page);
  await page.getByLabel('Année de naissance').fill('2016');
  await page.getByRole('button', { name: 'Entrer dans le tirage' }).click();
  await expect(page.getByText("Il faut avoir 16 ans ou plus pour participer.")).toBeVisible();
  await expect(page.getByText('Votre accord est nécessaire pour entrer dans le tirage.')).toBeVisible();

  await volunteer(page, { gender: 'female', born: '1958', diploma: 'baccalaureat', district: '75118' });
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
  await admin.getByLabel('Direction de la Ville qui répondra').selectOption({ label: "Direction de l'Urbanisme" });
  await admin.getByRole('button', { name: 'Transmettre à la Ville' }).click();
  await expect(admin.locator('.proposal .card-meta .badge').first()).toHaveText('Transmise à la Ville');
  // Its answer is due by a date the page shows, from the department named.
  await expect(admin.locator('.city-deadline')).toContainText("Direction de l'Urbanisme");
  await expect(admin.locator('.city-deadline')).toContainText('réponse attendue au plus tard le');

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

test('a member amends a passage; the author, notified, accepts it; a rejected one goes to the assembly, whose vote adopts it', async ({ browser }, info) => {
  test.setTimeout(180_000);
  const context = () => browser.newContext({ baseURL: info.project.use.baseURL, locale: 'fr-FR', viewport: info.project.use.viewport });
  const title = `Des rues aux écoles ${info.project.name} ${Date.now()}`;
  const author = await (await context()).newPage();
  const authorErrors = watchForErrors(author, [400]);
  await signIn(author, 'membre@demo.kleroterion.fr', 'demo-membre-2026');
  await author.goto('/proposals/new');
  await waitForHydration(author);
  await author.getByLabel('Thème').selectOption('urbanisme');
  await author.getByLabel('Titre (5 à 140 caractères)').fill(title);
  await author.getByLabel('Résumé en une phrase (10 à 300 caractères)').fill('Fermer aux voitures les rues devant les écoles.');
  await author.getByLabel('La proposition').fill("Fermer aux voitures les rues des écoles aux heures d'entrée, en semaine.");
  await author.getByRole('button', { name: 'Publier la proposition' }).click();
  await expect(author.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const path = new URL(author.url()).pathname;

  const admin = await (await context()).newPage();
  const adminErrors = watchForErrors(admin);
  await signIn(admin, 'facilitation@demo.kleroterion.fr', 'demo-facilitation-2026');
  await admin.goto(path);
  await waitForHydration(admin);
  await admin.getByRole('button', { name: 'Ouvrir les amendements' }).click();
  await expect(admin.locator('.proposal .card-meta .badge').first()).toHaveText('Amendements');

  // Another member proposes two amendments; a passage not in the text is refused.
  const amender = await (await context()).newPage();
  const amenderErrors = watchForErrors(amender, [400]);
  await signIn(amender, 'membre2@demo.kleroterion.fr', 'demo-membre2-2026');
  await amender.goto(path);
  await waitForHydration(amender);
  const propose = async (passage: string, wording: string, why: string) => {
    await amender.getByText('Proposer un amendement').click();
    await amender.getByLabel('Passage à modifier (copié du texte)').fill(passage);
    await amender.getByLabel('Nouvelle rédaction').fill(wording);
    await amender.getByLabel('Pourquoi ce changement').fill(why);
    await amender.getByRole('button', { name: "Déposer l'amendement" }).click();
  };
  await propose('aux heures de pointe', "aux heures d'entrée et de sortie", 'Les sorties comptent autant que les entrées.');
  await expect(amender.getByText('copiez-le exactement')).toBeVisible();
  await amender.getByLabel('Passage à modifier (copié du texte)').fill("aux heures d'entrée");
  await amender.getByRole('button', { name: "Déposer l'amendement" }).click();
  await expect(amender.locator('.amendment')).toHaveCount(1);
  await expect(amender.locator('.amendment ins').first()).toContainText('et de sortie');
  await propose('en semaine', 'tous les jours', "Les écoles ouvrent aussi le samedi matin.");
  await expect(amender.locator('.amendment')).toHaveCount(2);
  await expect(amender.getByRole('button', { name: 'Accepter' })).toHaveCount(0);
  await expectAccessible(amender);

  // The author is told, from the header, and decides: one accepted, one rejected.
  await author.goto('/');
  await waitForHydration(author);
  // The menu itself says there is something unread.
  await expect(mainNav(author).locator('summary')).toContainText(/Menu \d+ non lues/);
  await viaMenu(author, /Notifications \d+ non lues/);
  await expect(author.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
  await expectAccessible(author);
  await author.getByRole('link', { name: `Un amendement a été proposé à votre proposition : « ${title} »` }).first().click();
  await waitForHydration(author);
  const first = author.locator('.amendment').filter({ hasText: 'et de sortie' });
  await first.getByRole('button', { name: 'Accepter' }).click();
  await expect(author.locator('.prose')).toContainText("aux heures d'entrée et de sortie, en semaine.");
  await expect(first.locator('.badge')).toHaveText('Accepté');
  const second = author.locator('.amendment').filter({ hasText: 'tous les jours' });
  await second.getByRole('button', { name: 'Refuser' }).click();
  await expect(second.locator('.badge')).toHaveText('Refusé');

  // The facilitator puts the rejected one to the assembly's vote.
  await admin.reload();
  await waitForHydration(admin);
  const contested = admin.locator('.amendment').filter({ hasText: 'tous les jours' });
  await contested.locator('summary', { hasText: "Soumettre au vote de l'assemblée" }).click();
  await contested.getByLabel('Quorum (% des membres qui doivent voter)').fill('0');
  await contested.getByRole('button', { name: "Soumettre au vote de l'assemblée" }).click();
  await expect(admin.getByRole('heading', { name: /Vote sur l'amendement n° \d+/ })).toBeVisible();
  await expect(contested.locator('.badge')).toHaveText('Soumis au vote');
  await expectAccessible(admin);

  // A member votes for it; the facilitator closes; the text changes.
  await amender.reload();
  await waitForHydration(amender);
  await amender.getByRole('group', { name: 'Votre vote' }).getByLabel('Pour').check();
  await amender.getByRole('button', { name: 'Voter', exact: true }).click();
  await expect(amender.getByText("Votre vote est enregistré ; vous pouvez le changer jusqu'à la clôture.")).toBeVisible();
  await admin.reload();
  await waitForHydration(admin);
  await admin.getByRole('button', { name: 'Clore le vote' }).click();
  await expect(admin.locator('.prose')).toContainText("aux heures d'entrée et de sortie, tous les jours.");
  await expect(admin.locator('.amendment').filter({ hasText: 'tous les jours' }).locator('.badge')).toHaveText('Accepté');
  await expect(admin.locator('.proposal .card-meta .badge').first()).toHaveText('Amendements');

  await author.reload();
  await author.getByRole('link', { name: 'Historique des versions et différences' }).click();
  await expect(author.getByRole('heading', { level: 1, name: 'Versions du texte' })).toBeVisible();
  await expect(author.locator('.diff ins').first()).toContainText('et de sortie');
  await expectAccessible(author);
  await screenshot(author, info, 'versions');
  expect(authorErrors).toEqual([]);
  expect(adminErrors).toEqual([]);
  expect(amenderErrors).toEqual([]);
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
  await expect(author.locator('.comment-body', { hasText: text })).toBeVisible();

  await expect(watcher.locator('.comment-body', { hasText: text })).toBeVisible({ timeout: 10_000 });
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

test('a member casts a secret ballot: it is final, and nobody sees a count before the close', async ({ browser }, info) => {
  test.setTimeout(90_000);
  const context = () => browser.newContext({ baseURL: info.project.use.baseURL, locale: 'fr-FR', viewport: info.project.use.viewport });
  const title = `Un vote secret ${info.project.name} ${Date.now()}`;
  const member = await (await context()).newPage();
  const memberErrors = watchForErrors(member);
  await signIn(member, 'membre2@demo.kleroterion.fr', 'demo-membre2-2026');
  await member.goto('/proposals/new');
  await waitForHydration(member);
  await member.getByLabel('Thème').selectOption('environnement');
  await member.getByLabel('Titre (5 à 140 caractères)').fill(title);
  await member.getByLabel('Résumé en une phrase (10 à 300 caractères)').fill('Une proposition mise au vote à bulletin secret.');
  await member.getByLabel('La proposition').fill('Voter à bulletin secret sur les sujets qui touchent aux personnes.');
  await member.getByRole('button', { name: 'Publier la proposition' }).click();
  await expect(member.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const path = new URL(member.url()).pathname;

  const admin = await (await context()).newPage();
  const adminErrors = watchForErrors(admin);
  await signIn(admin, 'facilitation@demo.kleroterion.fr', 'demo-facilitation-2026');
  await admin.goto(path);
  await waitForHydration(admin);
  const next = admin.getByRole('region', { name: 'Étape suivante' });
  await next.getByLabel('Quorum (% des membres qui doivent voter)').fill('0');
  await next.getByLabel('Vote secret (seuls les totaux sont publiés)').check();
  await next.getByRole('button', { name: 'Ouvrir le vote' }).click();
  await expect(admin.getByText('Vote en cours')).toBeVisible();

  // Before casting, the member is told the ballot is final; after, the
  // form gives way to a receipt, and the page shows no count, only turnout.
  await member.reload();
  await waitForHydration(member);
  await expect(member.getByText('Vote secret : une fois déposé, votre bulletin ne peut plus être changé')).toBeVisible();
  await member.getByRole('group', { name: 'Votre vote' }).getByLabel('Contre').check();
  await member.getByRole('button', { name: 'Voter', exact: true }).click();
  await expect(member.getByText('Votre bulletin secret est déposé.')).toBeVisible();
  await expect(member.getByRole('group', { name: 'Votre vote' })).toHaveCount(0);
  await expect(member.getByText("Les totaux d'un vote secret sont publiés à sa clôture.")).toBeVisible();
  await expect(member.locator('.vote .bars')).toHaveCount(0);
  await expectAccessible(member);
  await screenshot(member, info, 'secret-ballot');

  // The facilitator sees no count either, until closing publishes it.
  await admin.reload();
  await waitForHydration(admin);
  await expect(admin.locator('.vote .bars')).toHaveCount(0);
  await admin.getByRole('button', { name: 'Clore le vote' }).click();
  await expect(admin.getByText('Vote clos')).toBeVisible();
  await expect(admin.locator('.bar-against .bar-value')).toHaveText('1 (100 %)');
  expect(memberErrors).toEqual([]);
  expect(adminErrors).toEqual([]);
});

test('a closed proposal says its comments are closed, and a refusal the form has no field for is shown beside it', async ({ page }, info) => {
  const errors = watchForErrors(page, [400]);
  await signIn(page, 'habitante@demo.kleroterion.fr', 'demo-habitante-2026');
  await page.goto('/proposals?status=closed');
  await page.locator('.proposal-card h3 a').first().click();
  await waitForHydration(page);
  const closedId = page.url().match(/\/proposals\/(\d+)/)?.[1] ?? '';
  expect(closedId).not.toBe('');
  const closed = page.getByText('Les commentaires sont fermés');
  await expect(closed).toBeVisible();
  await expect(page.locator('form.comment-form')).toHaveCount(0);
  await expect(page.getByText('Répondre', { exact: true })).toHaveCount(0);
  await closed.scrollIntoViewIfNeeded();
  await screenshot(page, info, 'comments-closed');

  // A page opened before the proposal closed still has its form: the
  // server refuses for the proposal's stage, a field the form does not
  // have, and the message appears in the form, not nowhere.
  await page.goto('/proposals?status=deliberation');
  await page.locator('.proposal-card h3 a').first().click();
  await waitForHydration(page);
  const form = page.locator('form.comment-form').first();
  await form.locator('input[name="proposal_id"]').evaluate((input, id) => {
    (input as HTMLInputElement).value = id;
  }, closedId);
  await form.getByLabel('Votre commentaire').fill('Un avis arrivé après la clôture.');
  await form.getByRole('button', { name: 'Publier' }).click();
  await expect(form.getByRole('alert').filter({ hasText: "Ce n'est pas possible à cette étape de la proposition." })).toBeVisible();
  await expectAccessible(page);
  expect(errors).toEqual([]);
});
