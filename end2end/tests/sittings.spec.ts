import { createHash } from 'node:crypto';
import { expect, Locator, Page, test } from '@playwright/test';
import ICAL from 'ical.js';
import { expectAccessible, screenshot, secondPage, signIn, viaMenu, waitForHydration, watchForErrors } from './helpers';

// Sittings (issue 18): a facilitator prepares a sitting with three agenda
// items, refused input explained next to its field, and convenes it; a
// resident finds it in the calendar, on its page and on the proposal it
// takes up; the calendar feed parses in Mozilla's iCalendar parser; a
// member finds the convocation in their notifications and answers it. Once
// open, members check in and ask for the floor, and the room's screen
// follows the floor and a show of hands without being reloaded.

/** Opens a `<details>` unless it is open already. */
async function openDetails(details: Locator) {
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator('summary').click();
}

/** A Paris `datetime-local` value some days ahead, at `hour`:00. */
function daysAhead(days: number, hour: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00`;
}

test('a facilitator prepares and convenes a sitting; a resident finds it, its agenda and its calendar entry', async ({ page, browser }, info) => {
  test.setTimeout(120_000);
  const errors = watchForErrors(page, [400]);
  // Each project its own day, so that the two runs never share a date.
  const days = info.project.name === 'phone' ? 40 : 41;
  await signIn(page, 'facilitation@demo.kleroterion.fr', 'demo-facilitation-2026');
  await viaMenu(page, 'Séances');
  await expect(page.getByRole('heading', { level: 1, name: "Les séances de l'assemblée" })).toBeVisible();
  await waitForHydration(page);

  // Refused input: each message beside its field, nothing created.
  await page.getByText('Préparer une séance').click();
  await page.getByLabel('Début (heure de Paris)').fill(daysAhead(days, 21));
  await page.getByLabel('Fin (heure de Paris)').fill(daysAhead(days, 18));
  await page.getByLabel('Lieu').fill('');
  await page.getByRole('button', { name: 'Créer la séance' }).click();
  await expect(page.getByText('La fin doit venir après le début.')).toBeVisible();
  await expect(page.getByText('Ce champ est obligatoire.')).toBeVisible();
  await expect(page.getByLabel('Lieu')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
  await screenshot(page, info, 'sitting-refused');

  const sittingPath = await createSitting(page, days);

  // Three agenda items, the second taking up a proposal under debate.
  const add = page.locator('details.agenda-add');
  const items: [string, string, string | null][] = [
    ['Approbation du compte rendu', 'Autre', null],
    ['Débat sur une proposition', 'Débat', 'first'],
    ['Questions des habitants', 'Débat', null],
  ];
  let proposalTitle = '';
  for (const [title, purpose, proposal] of items) {
    await openDetails(add);
    await add.getByLabel('Intitulé du point').fill(title);
    await add.getByLabel('Temps prévu (minutes)').fill('30');
    await add.getByLabel('Nature').selectOption({ label: purpose });
    if (proposal) {
      const options = add.getByLabel('Proposition concernée (facultatif)').locator('option');
      proposalTitle = (await options.nth(1).textContent())!.trim();
      await add.getByLabel('Proposition concernée (facultatif)').selectOption({ index: 1 });
    }
    await add.getByRole('button', { name: 'Ajouter un point' }).click();
    await expect(page.locator('ol.agenda .agenda-title', { hasText: title })).toBeVisible();
  }
  // A time out of range is refused beside its field.
  await openDetails(add);
  await add.getByLabel('Intitulé du point').fill('Trop long');
  await add.getByLabel('Temps prévu (minutes)').fill('5000');
  await add.getByRole('button', { name: 'Ajouter un point' }).click();
  await expect(add.getByText('Entre 1 et 600 minutes.')).toBeVisible();
  await expect(page.locator('ol.agenda > li')).toHaveCount(3);

  // The last item moves up one place.
  await page.locator('ol.agenda > li').nth(2).getByRole('button', { name: 'Monter' }).click();
  await expect(page.locator('ol.agenda .agenda-title').nth(1)).toHaveText('Questions des habitants');
  await expectAccessible(page);
  await screenshot(page, info, 'sitting-agenda');

  await page.getByRole('button', { name: 'Convoquer la séance' }).click();
  await expect(page.locator('.badge', { hasText: 'Convoquée' })).toBeVisible();
  await expect(page.getByText('Séance en préparation')).toHaveCount(0);
  expect(errors).toEqual([]);

  // A resident, not signed in.
  const resident = await secondPage(browser, info);
  const residentErrors = watchForErrors(resident);
  await resident.goto('/seances');
  await waitForHydration(resident);
  await expectAccessible(resident);
  await resident.locator(`a[href="${sittingPath}"]`).click();
  await expect(resident.getByRole('heading', { level: 1 })).toContainText('Séance plénière du');
  await expect(resident.getByText('18:00–21:00')).toBeVisible();
  await expect(resident.locator('ol.agenda > li')).toHaveCount(3);
  await expect(resident.getByRole('button', { name: 'Monter' })).toHaveCount(0);
  await expectAccessible(resident);
  await screenshot(resident, info, 'sitting-public');
  await resident.locator('ol.agenda').getByRole('link', { name: proposalTitle }).click();
  await expect(resident.getByText("À l'ordre du jour de la séance du")).toBeVisible();

  // The calendar feed, read by a real iCalendar parser.
  const feed = await resident.request.get('/seances.ics');
  expect(feed.headers()['content-type']).toBe('text/calendar; charset=utf-8');
  const calendar = new ICAL.Component(ICAL.parse(await feed.text()));
  const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  const ours = events.find((e) => e.uid.startsWith(`sitting-${sittingPath.split('/').pop()}@`));
  expect(ours, 'the sitting is in the feed').toBeTruthy();
  expect(ours!.location).toBe('Hôtel de Ville, salle des fêtes');
  expect(ours!.description).toContain('2. Questions des habitants');
  expect(ours!.endDate.toJSDate().getTime() - ours!.startDate.toJSDate().getTime()).toBe(3 * 3_600_000);
  expect(residentErrors).toEqual([]);

  // A member answers the convocation; the count follows.
  const member = await secondPage(browser, info);
  const memberErrors = watchForErrors(member, [400]);
  await signIn(member, 'membre@demo.kleroterion.fr', 'demo-membre-2026');
  // The convocation reached them: their notifications lead to the sitting.
  await member.goto('/notifications');
  await waitForHydration(member);
  const convocation = member
    .locator(`a[href="${sittingPath}"]`)
    .filter({ hasText: 'Vous êtes convoqué·e à une séance' });
  await expect(convocation).toHaveCount(1);
  await expect(convocation).toContainText('18:00–21:00, Hôtel de Ville, salle des fêtes');
  await expectAccessible(member);
  await screenshot(member, info, 'notifications-convocation');
  await convocation.click();
  await expect(member).toHaveURL(new RegExp(`${sittingPath}$`));
  await waitForHydration(member);
  await member.getByRole('button', { name: 'Je serai présent·e' }).click();
  await expect(member.getByRole('button', { name: 'Je serai présent·e' })).toHaveAttribute('aria-pressed', 'true');
  await expect(member.locator('ul.counts li').first()).toHaveText('Présents annoncés : 1');
  await expectAccessible(member);
  await screenshot(member, info, 'sitting-convocation');

  // The sitting opens: the facilitator shows the room's code, the member types it.
  await page.getByRole('button', { name: 'Ouvrir la séance' }).click();
  const digits = page.locator('.room-code-digits');
  await expect(digits).toHaveText(/^\d{3} \d{3}$/);
  const code = (await digits.textContent())!;
  await member.reload();
  await waitForHydration(member);
  await member.getByLabel('Code affiché dans la salle').fill('000 000' === code ? '111 111' : '000 000');
  await member.getByRole('button', { name: 'Je suis là' }).click();
  await expect(member.getByText("Ce n'est pas le code affiché dans la salle")).toBeVisible();
  await member.getByLabel('Code affiché dans la salle').fill(code);
  await member.getByRole('button', { name: 'Je suis là' }).click();
  await expect(member.getByText('Vous êtes noté·e présent·e.')).toBeVisible();
  await expect(member.locator('.attendance-count')).toContainText('Présents : 1 /');
  await screenshot(member, info, 'sitting-checked-in');
  expect(memberErrors).toEqual([]);

  // The roll call: the facilitator finds the member and sees how they came.
  await page.reload();
  await waitForHydration(page);
  const memberName = (await page.locator('.roll-line', { hasText: 'émargé·e avec le code' }).locator('.roll-name strong').textContent())!;
  await page.getByLabel('Chercher un membre').fill(memberName);
  const visible = page.locator('.roll-line:visible');
  await expect(visible.first()).toContainText(memberName);
  expect(await visible.count()).toBeLessThan(await page.locator('.roll-line').count());
  await page.getByLabel('Chercher un membre').fill('');
  const someoneElse = page.locator('.roll-line').filter({ hasNot: page.getByText('émargé·e avec le code') }).first();
  await someoneElse.getByRole('button', { name: /Présent·e/ }).click();
  await expect(page.locator('.attendance-count')).toContainText('Présents : 2 /');
  await expect(page.locator('.roll-line', { hasText: "noté·e à l'appel" })).toHaveCount(1);
  await expectAccessible(page);
  await screenshot(page, info, 'sitting-roll-call');
  expect(errors).toEqual([]);

  // The room's screen, in a browser nobody signed in to: it changes by itself.
  const screen = await secondPage(browser, info);
  const screenErrors = watchForErrors(screen);
  await screen.goto(`${sittingPath}/ecran`);
  await waitForHydration(screen);
  await expect(screen.locator('.screen-queue')).toContainText("Personne n'attend la parole.");
  await expect(screen.getByRole('button')).toHaveCount(0);
  await expectAccessible(screen);

  // The member asks for the floor; the screen shows them waiting.
  await member.reload();
  await waitForHydration(member);
  await member.getByRole('button', { name: 'Demander la parole' }).click();
  await expect(member.getByText('Vous êtes inscrit·e pour parler, place 1')).toBeVisible();
  await expect(screen.locator('.screen-queue li')).toHaveCount(1);
  const speaker = (await screen.locator('.screen-queue li').textContent())!;
  await screenshot(member, info, 'sitting-floor-asked');

  // The facilitator takes up an item and gives the floor: the screen follows.
  await page.getByLabel('Point en cours').selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Passer à ce point' }).click();
  await expect(screen.locator('.screen-item')).toContainText('Approbation du compte rendu');
  await page.getByRole('button', { name: 'Donner la parole au suivant' }).click();
  await expect(screen.locator('.screen-name')).toHaveText(speaker);
  await expect(screen.locator('.screen-queue')).toContainText("Personne n'attend la parole.");
  await expect(member.getByText('Vous avez la parole.')).toBeVisible();
  await expect(screen.locator('.speaker-clock')).toContainText('restant');

  // A show of hands: more hands than members present is refused, then the
  // result appears on the screen.
  await page.getByText('Vote à main levée').click();
  await page.getByLabel('Pour', { exact: true }).fill('60');
  await page.getByLabel('Pourquoi à main levée').fill('Vote indicatif sur le point');
  await page.getByRole('button', { name: 'Enregistrer le résultat' }).click();
  await expect(page.getByText('Plus de mains que de membres présents (2).')).toBeVisible();
  await expect(screen.locator('.floor-result')).toHaveCount(0);
  await page.getByLabel('Pour', { exact: true }).fill('2');
  await page.getByRole('button', { name: 'Enregistrer le résultat' }).click();
  await expect(screen.locator('.floor-result')).toContainText('Vote à main levée');
  await expect(screen.locator('.floor-result')).toContainText('2 / ');
  await page.getByRole('button', { name: 'Mettre fin à la parole' }).click();
  await expect(screen.locator('.screen-name')).toHaveText('—');
  await expectAccessible(screen);
  await screenshot(screen, info, 'sitting-screen');
  await screenshot(page, info, 'sitting-floor-facilitator');
  expect(errors).toEqual([]);
  expect(memberErrors).toEqual([]);
  expect(screenErrors).toEqual([]);
});

/** Fills the open form for a new sitting `days` ahead, 18:00–21:00, and
 * creates it; returns its path. */
async function createSitting(page: Page, days: number): Promise<string> {
  await page.getByLabel('Début (heure de Paris)').fill(daysAhead(days, 18));
  await page.getByLabel('Fin (heure de Paris)').fill(daysAhead(days, 21));
  await page.getByLabel('Lieu').fill('Hôtel de Ville, salle des fêtes');
  await page.getByRole('button', { name: 'Créer la séance' }).click();
  await expect(page.getByText('Séance en préparation')).toBeVisible();
  await waitForHydration(page);
  return new URL(page.url()).pathname;
}

/** Prepares a sitting `days` ahead, 18:00–21:00, and takes it through
 * `steps` (the facilitator's buttons); returns its path. */
async function sittingThrough(page: Page, days: number, steps: string[]): Promise<string> {
  await page.goto('/seances');
  await waitForHydration(page);
  await page.getByText('Préparer une séance').click();
  const path = await createSitting(page, days);
  for (const [n, step] of steps.entries()) {
    await page.getByRole('button', { name: step }).click();
    // Taken: the next step's button shows or, after the last, this one is
    // gone (leaving before the answer could cancel the step).
    if (n + 1 < steps.length) await expect(page.getByRole('button', { name: steps[n + 1] })).toBeVisible();
    else await expect(page.getByRole('button', { name: step, exact: true })).toHaveCount(0);
  }
  return path;
}

test('the minutes are written live by the facilitator, read by a member, approved at the next sitting and published with their hash', async ({ page, browser }, info) => {
  test.setTimeout(150_000);
  const errors = watchForErrors(page, [400]);
  // Each project its own days, after the first test's.
  const days = info.project.name === 'phone' ? 60 : 70;
  await signIn(page, 'facilitation@demo.kleroterion.fr', 'demo-facilitation-2026');
  const closedPath = await sittingThrough(page, days, ['Convoquer la séance', 'Ouvrir la séance', 'Clore la séance']);
  await expect(page.locator('.badge', { hasText: 'Close' })).toBeVisible();
  await expect(page.getByText('Le compte rendu sera rédigé après la séance')).toBeVisible();

  // The facilitator starts the minutes: their draft opens, written live.
  await page.getByRole('button', { name: 'Rédiger le compte rendu' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Compte rendu de la séance du/ })).toBeVisible();
  await waitForHydration(page);
  await expect(page.locator('.connection')).toHaveClass(/online/, { timeout: 20_000 });
  const minutes = `# Compte rendu ${info.project.name} ${Date.now()}\n\nLa séance est ouverte à 18 h 00. Le quorum est atteint.`;
  await page.locator('#draft-text').fill(minutes);
  await expect(page.getByText("Ce brouillon est le compte rendu d'une séance")).toBeVisible();
  await expect(page.getByRole('button', { name: 'Publier comme proposition' })).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, info, 'minutes-draft');

  // A member reads them as they are written, without the pen.
  const member = await secondPage(browser, info);
  const memberErrors = watchForErrors(member, [400]);
  await signIn(member, 'membre@demo.kleroterion.fr', 'demo-membre-2026');
  await member.goto(closedPath);
  await waitForHydration(member);
  await expect(member.getByText('Le compte rendu est en cours de rédaction')).toBeVisible();
  await member.getByRole('link', { name: 'Ouvrir le brouillon du compte rendu' }).click();
  await waitForHydration(member);
  await expect(member.locator('.connection')).toHaveClass(/online/, { timeout: 20_000 });
  await expect(member.locator('#draft-text')).toHaveValue(minutes);
  await expect(member.locator('#draft-text')).toHaveAttribute('readonly', '');

  // The next sitting opens; the facilitator has it approve the minutes.
  await sittingThrough(page, days + 2, ['Convoquer la séance', 'Ouvrir la séance']);
  await page.goto(closedPath);
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Faire approuver le compte rendu par la séance en cours' }).click();
  await expect(page.locator('.minutes-text')).toContainText('La séance est ouverte à 18 h 00.');
  await expect(page.locator('.badge', { hasText: 'Compte rendu approuvé' })).toBeVisible();

  // Anyone reads them on the sitting's page, with the hash they check.
  const resident = await secondPage(browser, info);
  const residentErrors = watchForErrors(resident);
  await resident.goto(closedPath);
  await waitForHydration(resident);
  await expect(resident.locator('.minutes-text h1')).toHaveText(minutes.split('\n')[0].slice(2));
  const sha256 = createHash('sha256').update(minutes, 'utf8').digest('hex');
  await expect(resident.locator('.minutes-hash code')).toHaveText(sha256);
  await expect(resident.getByText('Approuvé lors de la séance du')).toBeVisible();
  await expectAccessible(resident);
  await screenshot(resident, info, 'minutes-approved');

  // The member's draft page says the text is frozen, live.
  await expect(member.getByText('Compte rendu approuvé : le texte est figé.')).toBeVisible();
  expect(errors).toEqual([]);
  expect(memberErrors).toEqual([]);
  expect(residentErrors).toEqual([]);
});
