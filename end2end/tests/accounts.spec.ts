import { expect, test } from '@playwright/test';
import { confirmFromMail, expectAccessible, navLink, screenshot, viaMenu, waitForHydration, watchForErrors } from './helpers';

const PASSWORD = 'cheval agrafe batterie';

test('a resident signs up, signs out, signs in, switches language and deletes the account', async ({ page }, info) => {
  const errors = watchForErrors(page, [400]);
  const email = `awa.${info.project.name}.${Date.now()}@exemple.fr`;

  await page.goto('/signup');
  await waitForHydration(page);
  await expectAccessible(page);

  // Bad input: every field explains itself, in French, and nothing is created.
  await page.getByLabel('Adresse e-mail').fill('awa@');
  await page.getByLabel('Mot de passe').fill('court');
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await expect(page.getByText("Cette adresse e-mail n'est pas valide.")).toBeVisible();
  await expect(page.getByText('Trop court (10 caractères au moins).')).toBeVisible();
  await expect(page.getByText('Ce champ est obligatoire.')).toBeVisible();
  await expect(page.getByText('Il faut avoir 16 ans ou plus pour participer.')).toBeVisible();
  await expect(page.getByLabel('Adresse e-mail')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
  await screenshot(page, info, 'signup-errors');

  await page.getByLabel('Nom affiché').fill('Awa D.');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByLabel("J'ai 16 ans ou plus.").check();
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  // Nothing exists until the address is confirmed: the page says to look
  // at the mailbox, whether or not the address had an account.
  await expect(page.getByRole('status')).toContainText('ouvrez le lien que nous venons d\'envoyer');
  await expect(navLink(page, 'Mon compte')).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, info, 'signup-sent');

  await confirmFromMail(page, email);
  await expect(page.getByRole('status')).toContainText('Awa D.');
  await expect(navLink(page, 'Mon compte')).toHaveCount(1);
  await expectAccessible(page);
  await screenshot(page, info, 'signup-confirmed');

  await viaMenu(page, 'Mon compte');
  await expect(page.getByRole('heading', { level: 1, name: 'Mon compte' })).toBeVisible();
  await waitForHydration(page);
  await expect(page.getByText(email)).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, info, 'account');
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(navLink(page, 'Se connecter')).toHaveCount(1);
  await expect(navLink(page, 'Mon compte')).toHaveCount(0);

  await page.goto('/signin');
  await waitForHydration(page);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill('mauvais mot de passe');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByText('Adresse e-mail ou mot de passe incorrect.')).toBeVisible();
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('status')).toContainText('Awa D.');

  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.goto('/account');
  await waitForHydration(page);
  await expect(page.getByRole('heading', { level: 1, name: 'My account' })).toBeVisible();
  await page.getByLabel('Confirm with your password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Delete my account for good' }).click();
  await expect(page.getByText('Your account has been deleted.')).toBeVisible();

  await page.goto('/signin');
  await waitForHydration(page);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Wrong e-mail address or password.')).toBeVisible();

  expect(errors).toEqual([]);
});

test('a facilitator sees the accounts page; a resident is refused it', async ({ page }) => {
  await page.goto('/signin');
  await waitForHydration(page);
  await page.getByLabel('Adresse e-mail').fill('facilitation@demo.kleroterion.fr');
  await page.getByLabel('Mot de passe').fill('demo-facilitation-2026');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(navLink(page, 'Comptes')).toHaveCount(1);
  await viaMenu(page, 'Comptes');
  await expect(page.getByRole('heading', { level: 1, name: 'Comptes et rôles' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'membre@demo.kleroterion.fr' })).toBeVisible();
  await expectAccessible(page);

  await page.context().clearCookies();
  await page.goto('/admin/users');
  await expect(page.getByRole('alert')).toHaveText('Connectez-vous pour continuer.');
});
