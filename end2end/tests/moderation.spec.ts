import { Browser, expect, test, TestInfo } from '@playwright/test';
import { expectAccessible, navLink, openMenu, screenshot, signIn, viaMenu, waitForHydration, watchForErrors } from './helpers';

const newPage = async (browser: Browser, info: TestInfo) =>
  (await browser.newContext({ baseURL: info.project.use.baseURL, locale: 'fr-FR', viewport: info.project.use.viewport })).newPage();

test('a resident edits their comment; a member finds it helpful, then reports another; a facilitator hides it with a public reason', async ({ browser }, info) => {
  test.setTimeout(120_000);
  const resident = await newPage(browser, info);
  const residentErrors = watchForErrors(resident, [400]);
  await signIn(resident, 'habitante@demo.kleroterion.fr', 'demo-habitante-2026');
  await resident.goto('/proposals?status=deliberation');
  const path = await resident.locator('.proposal-card h3 a').nth(2).getAttribute('href') ?? '';
  await resident.goto(path);
  await waitForHydration(resident);
  const stamp = `${info.project.name} ${Date.now()}`;
  const post = async (text: string) => {
    const form = resident.locator('form.comment-form').first();
    await form.getByLabel('Votre commentaire').fill(text);
    await form.getByRole('button', { name: 'Publier' }).click();
    await expect(resident.locator('.comment-body', { hasText: text })).toBeVisible();
  };
  await post(`Premier jet ${stamp}`);
  const mine = resident.locator('li.comment').filter({ hasText: `Premier jet ${stamp}` });
  await expect(mine.getByRole('button', { name: /Utile/ })).toHaveCount(0);
  await mine.getByText('Modifier').click();
  await mine.locator('details.comment-edit').getByLabel('Votre commentaire').fill(`Version revue ${stamp}`);
  await mine.getByRole('button', { name: 'Enregistrer la modification' }).click();
  const revised = resident.locator('li.comment').filter({ hasText: `Version revue ${stamp}` });
  await expect(revised.getByText('modifié')).toBeVisible();
  await post(`Des propos déplacés ${stamp}`);

  // A member up-votes the first and reports the second.
  const member = await newPage(browser, info);
  const memberErrors = watchForErrors(member, [400]);
  await signIn(member, 'membre@demo.kleroterion.fr', 'demo-membre-2026');
  await member.goto(path);
  await waitForHydration(member);
  const helpful = member.locator('li.comment').filter({ hasText: `Version revue ${stamp}` }).getByRole('button', { name: /Utile/ });
  await expect(helpful).toHaveAttribute('aria-pressed', 'false');
  await helpful.click();
  await expect(member.locator('li.comment').filter({ hasText: `Version revue ${stamp}` }).getByRole('button', { name: /Utile · 1/ })).toHaveAttribute('aria-pressed', 'true');
  const bad = member.locator('li.comment').filter({ hasText: `Des propos déplacés ${stamp}` });
  await bad.getByText('Signaler').click();
  await bad.getByLabel('Pourquoi ce commentaire pose-t-il problème ?').fill('x');
  await bad.getByRole('button', { name: 'Envoyer le signalement' }).click();
  await expect(bad.getByText('au moins')).toBeVisible();
  await bad.getByLabel('Pourquoi ce commentaire pose-t-il problème ?').fill('Propos blessants envers les riverains');
  await bad.getByRole('button', { name: 'Envoyer le signalement' }).click();
  await expect(bad.getByText('Merci : les animateurs vont examiner ce commentaire.')).toBeVisible();
  await expectAccessible(member);

  // The facilitator's queue: a reason is required, then the comment is hidden.
  const admin = await newPage(browser, info);
  const adminErrors = watchForErrors(admin, [400]);
  await signIn(admin, 'facilitation@demo.kleroterion.fr', 'demo-facilitation-2026');
  await admin.goto('/');
  await waitForHydration(admin);
  await viaMenu(admin, 'Modération');
  await expect(admin.getByRole('heading', { level: 1, name: 'Modération des commentaires' })).toBeVisible();
  await waitForHydration(admin);
  const item = admin.locator('.moderation > li').filter({ hasText: `Des propos déplacés ${stamp}` });
  await expect(item.getByText('Propos blessants envers les riverains')).toBeVisible();
  await expectAccessible(admin);
  await screenshot(admin, info, 'moderation');
  await item.getByRole('button', { name: 'Masquer le commentaire' }).click();
  await expect(item.getByText('Ce champ est obligatoire.')).toBeVisible();
  await item.getByLabel('Raison publique du masquage').fill(`Propos irrespectueux (charte, article 2) ${stamp}`);
  await item.getByRole('button', { name: 'Masquer le commentaire' }).click();
  await expect(admin.getByText('C\'est fait.')).toBeVisible();
  await expect(admin.locator('.moderation > li').filter({ hasText: `Des propos déplacés ${stamp}` })).toHaveCount(0);

  // Everyone sees the reason in its place; the author is told.
  await resident.goto(path);
  await expect(resident.getByText(`Propos irrespectueux (charte, article 2) ${stamp}`)).toBeVisible();
  await expect(resident.locator('.comment-body', { hasText: `Des propos déplacés ${stamp}` })).toHaveCount(0);
  await resident.goto('/notifications');
  await expect(resident.getByRole('link', { name: /Votre commentaire a été masqué par la modération/ }).first()).toBeVisible();
  await waitForHydration(resident);
  await resident.getByRole('button', { name: 'Tout marquer comme lu' }).click();
  await expect(resident.getByRole('button', { name: 'Tout marquer comme lu' })).toHaveCount(0);
  await expect((await openMenu(resident)).getByRole('link', { name: 'Notifications', exact: true })).toBeVisible();
  await expectAccessible(resident);
  expect(residentErrors).toEqual([]);
  expect(memberErrors).toEqual([]);
  expect(adminErrors).toEqual([]);
});

test('residents cannot reach the moderation queue', async ({ page }) => {
  const errors = watchForErrors(page, [403]);
  await signIn(page, 'habitante@demo.kleroterion.fr', 'demo-habitante-2026');
  await expect(navLink(page, 'Modération')).toHaveCount(0);
  const response = await page.goto('/moderation');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('alert')).toBeVisible();
  expect(errors).toEqual([]);
});
