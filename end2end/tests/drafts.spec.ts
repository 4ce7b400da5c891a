import { Browser, expect, Page, test, TestInfo } from '@playwright/test';
import { expectAccessible, navLink, screenshot, signIn, viaMenu, waitForHydration, watchForErrors } from './helpers';

const newPage = async (browser: Browser, info: TestInfo) =>
  (await browser.newContext({ baseURL: info.project.use.baseURL, locale: 'fr-FR', viewport: info.project.use.viewport })).newPage();

const text = (page: Page) => page.getByLabel('Texte du brouillon');

async function connected(page: Page) {
  await expect(page.locator('.connection')).toHaveClass(/online/, { timeout: 20_000 });
}

test('two members write one draft at once and converge; offline edits merge on reconnect; a suggestion is accepted; the draft becomes a proposal', async ({ browser }, info) => {
  test.setTimeout(240_000);
  const stamp = `${info.project.name} ${Date.now()}`;
  const owner = await newPage(browser, info);
  const ownerErrors = watchForErrors(owner, [400]);
  await signIn(owner, 'membre@demo.kleroterion.fr', 'demo-membre-2026');
  await viaMenu(owner, 'Brouillons');
  await expect(owner.getByRole('heading', { level: 1, name: 'Brouillons écrits à plusieurs' })).toBeVisible();
  await waitForHydration(owner);
  await owner.getByText('Commencer un brouillon').first().click();
  await owner.getByLabel('Titre (5 à 140 caractères)').fill(`Des fontaines ${stamp}`);
  await owner.getByRole('button', { name: 'Commencer un brouillon' }).click();
  await expect(owner.getByRole('heading', { level: 1, name: `Des fontaines ${stamp}` })).toBeVisible();
  await waitForHydration(owner);
  await connected(owner);
  await text(owner).fill('Une fontaine dans chaque square.');
  const path = new URL(owner.url()).pathname;

  // A second member opens it: a reader, who appears among those present.
  const second = await newPage(browser, info);
  const secondErrors = watchForErrors(second, [400]);
  await signIn(second, 'membre2@demo.kleroterion.fr', 'demo-membre2-2026');
  await second.goto(path);
  await waitForHydration(second);
  await connected(second);
  await expect(text(second)).toHaveValue('Une fontaine dans chaque square.');
  await expect(text(second)).toHaveAttribute('readonly', '');
  await expect(owner.locator('.people li')).not.toContainText('Personne');
  const secondName = (await owner.locator('.people li').first().innerText()).trim();

  // The reader suggests a change; the owner accepts it and both see it live.
  await second.getByLabel('Passage à modifier (copié du texte)').fill('chaque square');
  await second.getByLabel('Nouvelle rédaction').fill('chaque square et chaque jardin');
  // The owner, meanwhile, starts the summary: the panels reloading as the
  // others act must not wipe it.
  const summary = 'Des fontaines gratuites dans les squares et les jardins.';
  await owner.getByLabel('Résumé en une phrase (10 à 300 caractères)').fill(summary);
  await second.getByRole('button', { name: 'Envoyer la suggestion' }).click();
  await expect(second.locator('.suggestion')).toContainText('jardin');
  // It reaches the owner's open page without a reload.
  await expect(owner.locator('.suggestion')).toContainText('jardin');
  await owner.locator('.suggestion').getByRole('button', { name: 'Accepter' }).click();
  await expect(text(owner)).toHaveValue('Une fontaine dans chaque square et chaque jardin.');
  await expect(text(second)).toHaveValue('Une fontaine dans chaque square et chaque jardin.');
  await expectAccessible(second);

  // The owner invites them as co-author; they now write too, at the same time.
  await owner.getByLabel('Inviter comme co-auteur').selectOption({ label: secondName });
  await owner.getByRole('button', { name: 'Inviter comme co-auteur' }).click();
  await expect(owner.locator('.authors')).toContainText(secondName);
  await expect(second.locator('.authors')).toContainText(secondName);
  await Promise.all([
    second.waitForEvent('load'),
    second.getByRole('link', { name: 'Recharger la page pour y écrire' }).click(),
  ]);
  await waitForHydration(second);
  await connected(second);
  await expect(text(second)).not.toHaveAttribute('readonly', '');
  await text(owner).click();
  await owner.keyboard.press('Control+End');
  await text(second).click();
  await second.keyboard.press('Control+Home');
  await Promise.all([
    text(owner).pressSequentially(' Eau potable et gratuite.', { delay: 20 }),
    text(second).pressSequentially('Proposition : ', { delay: 20 }),
  ]);
  const both = 'Proposition : Une fontaine dans chaque square et chaque jardin. Eau potable et gratuite.';
  await expect(text(owner)).toHaveValue(both);
  await expect(text(second)).toHaveValue(both);
  await screenshot(owner, info, 'co-writing');

  // Offline: the second member keeps writing; nothing is lost on reconnect.
  await second.context().setOffline(true);
  await expect(second.locator('.connection')).toHaveClass(/offline/);
  await text(second).click();
  await second.keyboard.press('Control+End');
  await text(second).pressSequentially(' Entretien par la Ville.', { delay: 10 });
  await text(owner).click();
  await owner.keyboard.press('Control+Home');
  await text(owner).pressSequentially('Brouillon. ', { delay: 10 });
  await second.context().setOffline(false);
  await connected(second);
  const merged = `Brouillon. ${both} Entretien par la Ville.`;
  await expect(text(second)).toHaveValue(merged);
  await expect(text(owner)).toHaveValue(merged);
  await expectAccessible(owner);

  // A version, then publication as a proposal naming both writers.
  await owner.getByRole('button', { name: 'Enregistrer une version' }).click();
  await expect(owner.locator('.versions li')).toHaveCount(1);
  await expect(owner.getByLabel('Résumé en une phrase (10 à 300 caractères)')).toHaveValue(summary);
  await owner.getByRole('button', { name: 'Publier comme proposition' }).click();
  await expect(owner.getByRole('heading', { level: 1, name: `Des fontaines ${stamp}` })).toBeVisible();
  await expect(owner.locator('.prose')).toContainText('Entretien par la Ville.');
  await expect(owner.getByText('Écrite à plusieurs :')).toContainText(secondName);

  // Anyone can read how it was written: the draft's versions and the
  // suggestion accepted, with who wrote it.
  await owner.getByRole('link', { name: 'comment elle a été écrite' }).click();
  const history = owner.getByRole('region', { name: 'Avant la publication : le brouillon écrit à plusieurs' });
  await expect(history.locator('.versions li')).toHaveCount(1);
  await expect(history.locator('.suggestion')).toContainText(secondName);
  await expect(history.locator('.suggestion ins')).toContainText('jardin');
  await expectAccessible(owner);
  expect(ownerErrors).toEqual([]);
  expect(secondErrors).toEqual([]);
});

test('a member signing in meets the demo draft: two co-authors writing, a suggestion waiting, a saved version', async ({ page }, info) => {
  const errors = watchForErrors(page);
  await signIn(page, 'membre2@demo.kleroterion.fr', 'demo-membre2-2026');
  await viaMenu(page, 'Brouillons');
  await expect(page.getByRole('heading', { level: 1, name: 'Brouillons écrits à plusieurs' })).toBeVisible();
  const card = page.locator('.card', { hasText: "De l'eau fraîche dans chaque square" });
  await expect(card).toBeVisible();
  await expect(card.locator('.card-meta')).toContainText(',');
  await card.getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name: "De l'eau fraîche dans chaque square" })).toBeVisible();
  await waitForHydration(page);
  await connected(page);
  // A co-author: the text is theirs to edit, and goes past version 1.
  await expect(text(page)).toHaveValue(/Publier la carte des fontaines en service/);
  await expect(text(page)).not.toHaveAttribute('readonly', '');
  await expect(page.locator('.suggestion')).toContainText('lisible sans smartphone');
  await expect(page.locator('.suggestion').getByRole('button', { name: 'Accepter' })).toBeVisible();
  await expect(page.locator('ol.versions > li')).toHaveCount(1);
  await expectAccessible(page);
  await screenshot(page, info, 'demo-draft');
  expect(errors).toEqual([]);
});

test('residents who are not members cannot open the drafts', async ({ page }) => {
  const errors = watchForErrors(page, [403]);
  await signIn(page, 'habitante@demo.kleroterion.fr', 'demo-habitante-2026');
  await expect(navLink(page, 'Brouillons')).toHaveCount(0);
  const response = await page.goto('/drafts');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('alert')).toBeVisible();
  expect(errors).toEqual([]);
});
