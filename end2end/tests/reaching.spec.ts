import { expect, Page, test } from '@playwright/test';
import { expectAccessible, mailsWith, screenshot, signIn, waitForHydration, watchForErrors } from './helpers';

// Reaching people where they are (issue 21): a member chooses "by e-mail, at
// once" for votes, a facilitator opens a vote with a closing time, the
// outbox holds exactly one message for that member about it, and its
// unsubscribe link works in a browser without signing in. The server keeps
// its mail as files in MAIL_DIR (scripts/test.sh starts it with
// `--sendmail "scripts/keep-mail.sh $MAIL_DIR"`).

/** A `datetime-local` value three days ahead (read as Paris time). */
function inThreeDays(): string {
  return new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 16);
}

async function preferenceRow(page: Page, kind: string) {
  const prefs = page.getByRole('region', { name: 'Comment être prévenu·e' });
  return prefs.getByRole('listitem').filter({ has: page.getByLabel(kind, { exact: true }) });
}

test('a member chooses e-mail for votes, gets exactly one message when one opens, and stops it from the link', async ({ browser }, info) => {
  test.setTimeout(120_000);
  const context = () => browser.newContext({ baseURL: info.project.use.baseURL, locale: 'fr-FR', viewport: info.project.use.viewport });
  // One member per screen size: each journey changes its member's settings.
  const [email, password] = info.project.name === 'phone'
    ? ['membre@demo.kleroterion.fr', 'demo-membre-2026']
    : ['membre2@demo.kleroterion.fr', 'demo-membre2-2026'];

  const member = await (await context()).newPage();
  const memberErrors = watchForErrors(member);
  await signIn(member, email, password);
  await member.goto('/notifications');
  await waitForHydration(member);
  const row = await preferenceRow(member, "Ouverture d'un vote");
  await row.getByLabel("Ouverture d'un vote", { exact: true }).selectOption({ label: 'Par e-mail, aussitôt' });
  await row.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(row.getByText('Enregistré.')).toBeVisible();
  await expectAccessible(member);
  await screenshot(member, info, 'notification-preferences');

  // A member writes a proposal (always the second demo member: a member
  // writes five proposals a day at most, and the other journeys use the
  // first one's); the facilitator opens its vote, closing in three days.
  const title = `Des fontaines à boire ${info.project.name} ${Date.now()}`;
  const author = await (await context()).newPage();
  const authorErrors = watchForErrors(author);
  await signIn(author, 'membre2@demo.kleroterion.fr', 'demo-membre2-2026');
  await author.goto('/proposals/new');
  await waitForHydration(author);
  await author.getByLabel('Thème').selectOption('environnement');
  await author.getByLabel('Titre (5 à 140 caractères)').fill(title);
  await author.getByLabel('Résumé en une phrase (10 à 300 caractères)').fill("Une fontaine d'eau potable dans chaque square.");
  await author.getByLabel('La proposition').fill("Installer une fontaine d'eau potable dans chaque square de plus de 1 000 m².");
  await author.getByRole('button', { name: 'Publier la proposition' }).click();
  await expect(author.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const proposalPath = new URL(author.url()).pathname;

  const admin = await (await context()).newPage();
  const adminErrors = watchForErrors(admin);
  await signIn(admin, 'facilitation@demo.kleroterion.fr', 'demo-facilitation-2026');
  await admin.goto(proposalPath);
  await waitForHydration(admin);
  const next = admin.getByRole('region', { name: 'Étape suivante' });
  await next.getByLabel('Clôture automatique (heure de Paris, facultatif)').fill(inThreeDays());
  await next.getByRole('button', { name: 'Ouvrir le vote' }).click();
  await expect(admin.getByText('Vote en cours')).toBeVisible();
  await expect(admin.locator('.vote-deadline')).toContainText('Clôture automatique le');

  // The mailer runs every second: one message, and only one, comes.
  const about = [`To: ${email}`, `${proposalPath}\r\n`];
  await expect.poll(() => mailsWith(...about).length, { timeout: 20_000 }).toBe(1);
  await admin.waitForTimeout(2_500);
  const mails = mailsWith(...about);
  expect(mails, 'exactly one message for that member about that vote').toHaveLength(1);
  expect(mails[0]).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
  const link = mails[0].match(/https?:\/\/\S+\/unsubscribe\?token=[0-9A-Za-z._]+/)?.[0];
  expect(link, 'an unsubscribe link in the text').toBeTruthy();

  // Followed in a browser that is signed in to nothing.
  const reader = await (await context()).newPage();
  const readerErrors = watchForErrors(reader);
  await reader.goto(new URL(link!).pathname + new URL(link!).search);
  await waitForHydration(reader);
  await expect(reader.getByRole('heading', { level: 1, name: 'Arrêter des e-mails' })).toBeVisible();
  await expect(reader.getByText("Vous ne recevrez plus d'e-mail pour :")).toContainText("Ouverture d'un vote");
  await expectAccessible(reader);
  await reader.getByRole('button', { name: 'Confirmer' }).click();
  await expect(reader.getByRole('status')).toHaveText("C'est fait : ces e-mails sont arrêtés.");
  await screenshot(reader, info, 'unsubscribed');

  // Honoured: the member's settings say "in the app" for votes opening.
  await member.goto('/notifications');
  await waitForHydration(member);
  const after = await preferenceRow(member, "Ouverture d'un vote");
  await expect(after.getByLabel("Ouverture d'un vote", { exact: true })).toHaveValue('app');

  expect([...memberErrors, ...authorErrors, ...adminErrors, ...readerErrors]).toEqual([]);
});

test('a resident offered push on this device hears beside the button why the browser refused, and may choose "on my devices" for a kind', async ({ page }, info) => {
  const errors = watchForErrors(page);
  await signIn(page, 'habitante@demo.kleroterion.fr', 'demo-habitante-2026');
  await page.goto('/notifications');
  await waitForHydration(page);
  const push = page.getByRole('region', { name: 'Notifications push sur cet appareil' });
  await expect(push.getByText('Appareils qui reçoivent vos notifications push : 0')).toBeVisible();
  // The test browser refuses notifications, as a person may: said beside
  // the button, nothing stored.
  await push.getByRole('button', { name: 'Activer sur cet appareil' }).click();
  await expect(push.getByRole('alert')).toContainText(/Les notifications sont bloquées pour ce site|Ce navigateur ne reçoit pas de notifications push/);
  await expect(push.getByText('Appareils qui reçoivent vos notifications push : 0')).toBeVisible();

  const row = await preferenceRow(page, 'Réponses de la Ville');
  await row.getByLabel('Réponses de la Ville', { exact: true }).selectOption({ label: 'Sur mes appareils (push)' });
  await row.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(row.getByText('Enregistré.')).toBeVisible();
  await page.reload();
  await waitForHydration(page);
  await expect((await preferenceRow(page, 'Réponses de la Ville')).getByLabel('Réponses de la Ville', { exact: true })).toHaveValue('push');
  await expectAccessible(page);
  await screenshot(page, info, 'push-device');
  expect(errors).toEqual([]);
});

test('someone follows a proposal from its page and a theme from the notifications page, and hears of a new proposal in that theme', async ({ browser }, info) => {
  test.setTimeout(120_000);
  const context = () => browser.newContext({ baseURL: info.project.use.baseURL, locale: 'fr-FR', viewport: info.project.use.viewport });
  // Demo accounts (sign-ups are rate-limited per address): one follower
  // per screen size; the resident writes the proposal (two a day at most).
  const [email, password] = info.project.name === 'phone'
    ? ['ville@demo.kleroterion.fr', 'demo-ville-2026']
    : ['facilitation@demo.kleroterion.fr', 'demo-facilitation-2026'];
  const follower = await (await context()).newPage();
  const errors = watchForErrors(follower);
  await signIn(follower, email, password);

  await follower.goto('/proposals?status=deliberation');
  const card = follower.locator('.proposal-card h3 a').first();
  const followed = (await card.textContent())!.trim();
  await card.click();
  await waitForHydration(follower);
  // A run retried after it followed starts from not following.
  const unfollow = follower.locator('.follow-box').getByRole('button', { name: 'Ne plus suivre' });
  if (await unfollow.isVisible()) {
    await unfollow.click();
    await expect(follower.getByRole('button', { name: 'Suivre cette proposition' })).toBeVisible();
  }
  await follower.getByRole('button', { name: 'Suivre cette proposition' }).click();
  await expect(follower.getByText('Vous suivez cette proposition')).toBeVisible();
  await expect(unfollow).toHaveAttribute('aria-pressed', 'true');

  await follower.goto('/notifications');
  await waitForHydration(follower);
  const following = follower.getByRole('region', { name: 'Ce que vous suivez' });
  await expect(following.getByRole('link', { name: followed })).toBeVisible();
  const theme = following.getByRole('listitem').filter({ hasText: 'Environnement' });
  const follow = theme.getByRole('button', { name: 'Suivre', exact: true });
  if (!(await follow.isVisible())) {
    await theme.getByRole('button', { name: 'Ne plus suivre' }).click();
  }
  await follow.click();
  await expect(theme.getByRole('button', { name: 'Ne plus suivre' })).toHaveAttribute('aria-pressed', 'true');
  await expectAccessible(follower);
  await screenshot(follower, info, 'following');

  // A resident proposes in that theme: the follower hears of it.
  const title = `Des jardins partagés ${info.project.name} ${Date.now()} ${Math.random().toString(36).slice(2, 6)}`;
  const author = await (await context()).newPage();
  const authorErrors = watchForErrors(author);
  await signIn(author, 'habitante@demo.kleroterion.fr', 'demo-habitante-2026');
  await author.goto('/proposals/new');
  await waitForHydration(author);
  await author.getByLabel('Thème').selectOption('environnement');
  await author.getByLabel('Titre (5 à 140 caractères)').fill(title);
  await author.getByLabel('Résumé en une phrase (10 à 300 caractères)').fill('Un jardin partagé au pied de chaque immeuble social.');
  await author.getByLabel('La proposition').fill("Ouvrir un jardin partagé au pied de chaque immeuble social qui a de l'espace.");
  await author.getByRole('button', { name: 'Publier la proposition' }).click();
  await expect(author.getByRole('heading', { level: 1, name: title })).toBeVisible();

  await follower.reload();
  await expect(follower.getByRole('link', { name: `Nouvelle proposition dans un thème que vous suivez : « ${title} »` })).toBeVisible();
  expect(errors).toEqual([]);
  expect(authorErrors).toEqual([]);
});
