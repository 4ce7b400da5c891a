import { expect, Page, test, TestInfo } from '@playwright/test';
import { confirmFromMail, expectAccessible, mainNav, openMenu, screenshot, viaMenu, volunteer, waitForHydration, watchForErrors } from './helpers';

/** One step of the newcomer's walk: no accessibility violation, and a
 * screenshot for the README (docs/screenshots/phone-newcomer-N-name.png). */
async function step(page: Page, info: TestInfo, n: number, name: string) {
  await expectAccessible(page);
  await screenshot(page, info, `newcomer-${n}-${name}`);
}

test('a newcomer on a phone: home, proposals, a proposal, sign up, comment, support, volunteer, verify the draw', { tag: '@phone' }, async ({ page }, info) => {
  test.setTimeout(240_000);
  const errors = watchForErrors(page);
  const stamp = Date.now();

  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('tirés au sort');
  await waitForHydration(page);
  await step(page, info, 1, 'home');

  // The list comes first: a proposal in view without scrolling.
  await mainNav(page).getByRole('link', { name: 'Propositions' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Propositions' })).toBeVisible();
  await expect(page.locator('.proposal-card').first()).toBeInViewport();
  await expect(mainNav(page).getByRole('link', { name: 'Propositions' })).toHaveAttribute('aria-current', 'page');
  await step(page, info, 2, 'proposals');

  const title = 'Des toilettes publiques gratuites et accessibles la nuit';
  await page.getByLabel('Rechercher').fill('toilettes');
  await page.getByRole('button', { name: 'Chercher' }).click();
  await page.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await waitForHydration(page);
  const proposal = new URL(page.url()).pathname;
  await step(page, info, 3, 'proposal');

  // Taking part asks for an account: from the proposal to the sign-up form.
  await page.getByRole('link', { name: 'Connectez-vous pour commenter, soutenir ou voter.' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Se connecter' })).toBeVisible();
  await page.getByRole('link', { name: 'Créer un compte' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Créer un compte' })).toBeVisible();
  await waitForHydration(page);
  await page.getByLabel('Nom affiché').fill('Inès N.');
  await page.getByLabel('Adresse e-mail').fill(`ines.${stamp}@exemple.fr`);
  await page.getByLabel('Mot de passe').fill('lanterne cerise boussole');
  await page.getByLabel("J'ai 16 ans ou plus.").check();
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await expect(page.getByRole('status')).toContainText('ouvrez le lien');
  await confirmFromMail(page, `ines.${stamp}@exemple.fr`);
  await expect(page.getByRole('status')).toContainText('Inès N.');
  await step(page, info, 4, 'signed-up');

  // Back on the proposal: a comment, seen at once, and a support.
  await page.goto(proposal);
  await waitForHydration(page);
  const comment = `Il en faut aussi près des gares, la nuit surtout. (${stamp})`;
  const form = page.locator('form.comment-form').first();
  await form.getByLabel('Votre position').selectOption('pour');
  await form.getByLabel('Votre commentaire').fill(comment);
  await form.getByRole('button', { name: 'Publier' }).click();
  await expect(page.locator('.comment-body', { hasText: comment })).toBeVisible();
  await page.getByRole('button', { name: 'Soutenir cette proposition' }).click();
  await expect(page.getByText('Vous soutenez cette proposition.')).toBeVisible();
  await page.getByText('Vous soutenez cette proposition.').scrollIntoViewIfNeeded();
  await step(page, info, 5, 'commented-and-supported');

  // Volunteering is in the menu; the menu is marked while one of its pages is open.
  await viaMenu(page, 'Se porter volontaire');
  await expect(page.getByRole('heading', { level: 1, name: 'Se porter volontaire' })).toBeVisible();
  await expect(mainNav(page).locator('summary')).toHaveClass(/holds-current/);
  await waitForHydration(page);
  await volunteer(page, { gender: 'female', born: '1987', diploma: 'baccalaureat', district: '75120' });
  await expect(page.getByRole('status')).toContainText(/Votre pseudonyme : V-[2-9A-Z]{8}/);
  await step(page, info, 6, 'volunteered');

  // The sitting assembly's draw, re-run in the browser, explained in French.
  await mainNav(page).getByRole('link', { name: 'Tirages' }).click();
  await page.getByRole('link', { name: /cohorte 2026-2027/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('cohorte 2026-2027');
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Vérifier dans mon navigateur' }).click();
  await expect(page.getByRole('status')).toHaveText(
    'Tirage vérifié : votre navigateur a obtenu exactement le même résultat.',
    { timeout: 150_000 },
  );
  const checks = page.locator('ol.checks');
  await expect(checks).toContainText(/Les 1\s000 panels comptent chacun 100 volontaires distincts/);
  await expect(checks).toContainText("L'empreinte SHA-256 des données publiées, recalculée ici");
  await expect(checks).not.toContainText('the record says');
  await expect(checks).not.toContainText('this engine');
  await page.getByRole('status').scrollIntoViewIfNeeded();
  await step(page, info, 7, 'draw-verified');
  expect(errors).toEqual([]);
});

test('the header fits a phone: three destinations and a menu that opens and closes by keyboard', async ({ page }, info) => {
  const errors = watchForErrors(page);
  await page.goto('/proposals');
  await waitForHydration(page);
  const header = await page.locator('.site-header').boundingBox();
  const viewport = page.viewportSize();
  expect(header && viewport).toBeTruthy();
  // A quarter of the screen was too much; a sixth at most.
  expect(header!.height).toBeLessThanOrEqual(viewport!.height / 6);

  const nav = mainNav(page);
  const summary = nav.locator('summary');
  await summary.focus();
  await page.keyboard.press('Enter');
  await expect(nav.locator('details.nav-more')).toHaveAttribute('open', '');
  await expect(nav.getByRole('link', { name: 'Se connecter' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Registre public' })).toBeVisible();
  await expectAccessible(page);
  if (info.project.name === 'phone') await screenshot(page, info, 'menu-open');
  await page.keyboard.press('Escape');
  await expect(nav.locator('details.nav-more')).not.toHaveAttribute('open', '');
  await expect(summary).toBeFocused();

  // Choosing a page closes the menu and marks it.
  await openMenu(page);
  await nav.getByRole('link', { name: 'Registre public' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Registre public' })).toBeVisible();
  await expect(nav.locator('details.nav-more')).not.toHaveAttribute('open', '');
  await expect(summary).toHaveClass(/holds-current/);
  expect(errors).toEqual([]);
});

test('the accessibility statement, legal notices and personal data notice are one tap from every page, in both languages', async ({ page }, info) => {
  const errors = watchForErrors(page);
  await page.goto('/proposals');
  await waitForHydration(page);
  const footer = page.getByRole('contentinfo');
  for (const [link, heading, says] of [
    ['Accessibilité : non conforme', "Déclaration d'accessibilité", 'Voies de recours'],
    ['Mentions légales', 'Mentions légales', 'Hébergement'],
    ['Données personnelles', 'Données personnelles', 'Vos droits'],
  ]) {
    await footer.getByRole('link', { name: link }).click();
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: says })).toBeVisible();
    await expectAccessible(page);
  }
  if (info.project.name === 'phone') await screenshot(page, info, 'privacy');
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Personal data' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Your rights' })).toBeVisible();
  await page.getByRole('contentinfo').getByRole('link', { name: 'Accessibility: not compliant' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Remedies' })).toBeVisible();
  await expectAccessible(page);
  // Back to French for the other journeys of this browser context.
  await page.getByRole('button', { name: 'Passer en français' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  expect(errors).toEqual([]);
});
