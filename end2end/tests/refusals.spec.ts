import { expect, Locator, Page, test } from '@playwright/test';
import { openMenu, signIn, signUp, waitForHydration, watchForErrors } from './helpers';

// Every form, refused: the server's answer to each form's server function is
// replaced by a refusal on a field no form has a control for (`stage`, the
// case of a comment sent to a proposal the city had closed), and the message
// must appear, near the button that was pressed. The real refusals of each
// function are tested against the server in server/tests and in the other
// journeys; this checks that none of them can pass in silence. Nothing
// reaches the server, so nothing changes. Tagged @phone: the forms are the
// same on a desktop.

/** Refuses the next calls to `/api/{endpoint}`, presses `button`, and
 * checks the refusal is shown within half a screen of it. */
async function refused(page: Page, endpoint: string, button: Locator) {
  const message = `Refus du serveur (${endpoint}) : cette étape est close.`;
  const url = `**/api/${endpoint}`;
  await page.route(url, (route) =>
    route.fulfill({
      status: 400,
      contentType: 'application/json',
      body: JSON.stringify({ Invalid: [{ field: 'stage', message }] }),
    }),
  );
  await button.scrollIntoViewIfNeeded();
  await button.click();
  const shown = page.getByText(message, { exact: true });
  await expect(shown, `the refusal of ${endpoint}`).toBeVisible();
  const [said, pressed] = [await shown.boundingBox(), await button.boundingBox()];
  if (said && pressed) {
    expect(Math.abs(said.y - pressed.y), `${endpoint}: the refusal is next to its button`).toBeLessThan(
      page.viewportSize()!.height / 2,
    );
  }
  await page.unroute(url);
}

async function open(page: Page, path: string) {
  await page.goto(path);
  await waitForHydration(page);
}

/** A proposal's page, found by its title in the list. */
async function proposal(page: Page, title: string) {
  await open(page, `/proposals?q=${encodeURIComponent(title.split(' ').slice(1, 4).join(' '))}`);
  await page.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await waitForHydration(page);
}

/** The first proposal at a stage. */
async function firstAt(page: Page, status: string) {
  await open(page, `/proposals?status=${status}`);
  await page.locator('.proposal-card h3 a').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await waitForHydration(page);
}

test('anyone: sign-up, sign-in, forgotten and new password, the language switch', { tag: '@phone' }, async ({ page }) => {
  const errors = watchForErrors(page, [400]);
  await open(page, '/signup');
  await refused(page, 'auth/signup', page.getByRole('button', { name: 'Créer mon compte' }));
  await open(page, '/signin');
  await refused(page, 'auth/signin', page.getByRole('button', { name: 'Se connecter' }));
  await open(page, '/forgot-password');
  await refused(page, 'auth/forgot', page.getByRole('button', { name: 'Envoyer le lien' }));
  await open(page, '/signup/confirm?token=nope');
  await refused(page, 'auth/confirm', page.getByRole('button', { name: 'Créer mon compte' }));
  await open(page, '/reset-password?token=nope');
  await refused(page, 'auth/reset', page.getByRole('button', { name: 'Enregistrer le mot de passe' }));
  await open(page, '/');
  await refused(page, 'lang', page.getByRole('button', { name: 'Switch to English' }));
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  expect(errors).toEqual([]);
});

test('a resident: volunteering, commenting, supporting, following, up-voting, reporting, editing, the account', { tag: '@phone' }, async ({ page }) => {
  const errors = watchForErrors(page, [400]);
  await signUp(page, { name: 'Refus R.', email: `refus.${Date.now()}@exemple.fr`, password: 'parapluie orange ficelle' });

  await open(page, '/volunteer');
  await refused(page, 'draws/volunteer', page.getByRole('button', { name: 'Entrer dans le tirage' }));

  await proposal(page, 'Des toilettes publiques gratuites et accessibles la nuit');
  const form = page.locator('form.comment-form').first();
  await form.getByLabel('Votre commentaire').fill('Un avis qui sera refusé.');
  await refused(page, 'proposal/comment', form.getByRole('button', { name: 'Publier' }));
  await refused(page, 'proposal/support', page.getByRole('button', { name: 'Soutenir cette proposition' }));
  await refused(page, 'follow/proposal', page.getByRole('button', { name: 'Suivre cette proposition' }));
  const other = page.locator('.comment-tools').filter({ has: page.locator('details.comment-report') }).first();
  await refused(page, 'comment/upvote', other.getByRole('button', { name: /Utile/ }));
  await other.locator('details.comment-report summary').click();
  await refused(page, 'comment/report', other.getByRole('button', { name: 'Envoyer le signalement' }));

  // Their own comment (really published), then its edit refused.
  const text = `Un avis à corriger (${Date.now()})`;
  await page.reload();
  await waitForHydration(page);
  await page.locator('form.comment-form').first().getByLabel('Votre commentaire').fill(text);
  await page.locator('form.comment-form').first().getByRole('button', { name: 'Publier' }).click();
  const mine = page.locator('.comment').filter({ hasText: text }).first();
  await expect(mine).toBeVisible();
  await mine.locator('details.comment-edit summary').click();
  await refused(page, 'comment/edit', mine.getByRole('button', { name: 'Enregistrer la modification' }));

  await open(page, '/notifications');
  const theme = page.getByRole('region', { name: 'Ce que vous suivez' }).getByRole('listitem').filter({ hasText: 'Urbanisme' });
  await refused(page, 'follow/theme', theme.getByRole('button', { name: 'Suivre', exact: true }));

  await open(page, '/account');
  await refused(page, 'account/profile', page.getByRole('button', { name: 'Enregistrer', exact: true }));
  await refused(page, 'auth/password', page.getByRole('button', { name: 'Enregistrer le mot de passe' }));
  await refused(page, 'account/delete', page.getByRole('button', { name: 'Supprimer définitivement mon compte' }));
  await refused(page, 'auth/signout', page.getByRole('button', { name: 'Se déconnecter' }));
  // Still signed in: nothing reached the server.
  await expect((await openMenu(page)).getByRole('link', { name: 'Mon compte' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('a member: a ballot, a new proposal, an amendment, drafts', { tag: '@phone' }, async ({ page }) => {
  const errors = watchForErrors(page, [400]);
  await signIn(page, 'membre@demo.kleroterion.fr', 'demo-membre-2026');
  await proposal(page, "Des gymnases ouverts aux associations jusqu'à 23 h");
  await page.getByRole('group', { name: 'Votre vote' }).getByLabel('Pour').check();
  await refused(page, 'vote/ballot', page.getByRole('button', { name: 'Voter', exact: true }));

  await open(page, '/proposals/new');
  await refused(page, 'proposal/create', page.getByRole('button', { name: 'Publier la proposition' }));

  await open(page, '/notifications');
  const prefs = page.getByRole('region', { name: 'Comment être prévenu·e' }).getByRole('listitem');
  await refused(page, 'notifications/pref', prefs.last().getByRole('button', { name: 'Enregistrer' }));

  await firstAt(page, 'amendments');
  await page.locator('details.new-amendment summary').click();
  await refused(page, 'amendment/propose', page.getByRole('button', { name: "Déposer l'amendement" }));

  await open(page, '/drafts');
  await page.locator('details', { hasText: 'Commencer un brouillon' }).locator('summary').click();
  await refused(page, 'drafts/create', page.getByRole('button', { name: 'Commencer un brouillon' }));
  await page.getByRole('link', { name: "De l'eau fraîche dans chaque square" }).click();
  await waitForHydration(page);
  // The suggestions are drawn again once the live text connects: a press
  // before that can land on a button about to be replaced (red once in CI).
  await expect(page.locator('.connection')).toHaveClass(/online/, { timeout: 20_000 });
  await refused(page, 'drafts/decide', page.locator('.suggestion').getByRole('button', { name: 'Accepter' }));
  await refused(page, 'drafts/version', page.getByRole('button', { name: 'Enregistrer une version' }));
  await refused(page, 'drafts/invite', page.getByRole('button', { name: 'Inviter comme co-auteur' }));
  await refused(page, 'drafts/publish', page.getByRole('button', { name: 'Publier comme proposition' }));
  expect(errors).toEqual([]);
});

test('a facilitator: votes, stages, sending to the city, the agenda threshold, themes, roles, departments, draws', { tag: '@phone' }, async ({ page }) => {
  const errors = watchForErrors(page, [400]);
  await signIn(page, 'facilitation@demo.kleroterion.fr', 'demo-facilitation-2026');
  await proposal(page, "Des gymnases ouverts aux associations jusqu'à 23 h");
  await refused(page, 'vote/close', page.getByRole('button', { name: 'Clore le vote' }));
  await proposal(page, 'Des agents de propreté affectés à chaque rue');
  await refused(page, 'vote/open', page.getByRole('button', { name: 'Ouvrir le vote' }));
  await refused(page, 'proposal/advance', page.getByRole('button', { name: 'Ouvrir les amendements' }));

  await open(page, '/proposals');
  await page.locator('details', { hasText: 'Soutiens nécessaires' }).locator('summary').click();
  await refused(page, 'agenda/threshold/set', page.getByRole('button', { name: 'Enregistrer le seuil' }));
  const themes = page.locator('details', { hasText: 'Ajouter un thème' });
  await themes.locator('summary').click();
  await refused(page, 'themes/create', themes.locator('button[type=submit]'));

  await firstAt(page, 'adopted');
  await refused(page, 'city/send', page.getByRole('button', { name: 'Transmettre à la Ville' }));

  await open(page, '/admin/users');
  await refused(page, 'admin/role', page.getByRole('button', { name: 'Attribuer' }).first());
  const departments = page.getByRole('region', { name: 'Directions de la Ville' });
  await refused(page, 'admin/answer-months', departments.getByRole('button', { name: 'Enregistrer' }));
  await refused(page, 'admin/department/official', departments.getByRole('button', { name: 'Retirer' }).first());
  await departments.locator('details', { hasText: 'Ajouter une direction' }).locator('summary').click();
  await refused(page, 'admin/department/add', departments.getByRole('button', { name: 'Ajouter une direction' }));

  await open(page, '/draws');
  await page.locator('details.new-draw summary').click();
  await refused(page, 'draws/create', page.getByRole('button', { name: 'Créer et ouvrir le pool' }));
  await page.getByRole('link', { name: /cohorte 2027-2028/ }).click();
  await waitForHydration(page);
  await refused(page, 'draws/import', page.getByRole('button', { name: 'Importer' }));
  expect(errors).toEqual([]);
});

test('the city: an answer, a commitment and a progress report', { tag: '@phone' }, async ({ page }) => {
  const errors = watchForErrors(page, [400]);
  await signIn(page, 'ville@demo.kleroterion.fr', 'demo-ville-2026');
  await firstAt(page, 'sent_to_city');
  await refused(page, 'city/respond', page.getByRole('button', { name: 'Publier la réponse' }));
  await firstAt(page, 'in_progress');
  await refused(page, 'city/commitment', page.getByRole('button', { name: 'Prendre cet engagement' }));
  await refused(page, 'city/milestone', page.getByRole('button', { name: "Publier l'avancement" }));
  expect(errors).toEqual([]);
});
