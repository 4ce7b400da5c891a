import AxeBuilder from '@axe-core/playwright';
import { Browser, expect, Page, TestInfo } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Fails the test on any WCAG 2.1 A/AA violation axe-core finds. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  expect(summary, 'axe-core violations').toEqual([]);
}

/** Waits until the wasm has hydrated the page, so clicks are handled in place. */
export async function waitForHydration(page: Page) {
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached', timeout: 60_000 });
}

/** Saves a screenshot used by the README (docs/screenshots). */
export async function screenshot(page: Page, info: TestInfo, name: string) {
  const file = path.join(__dirname, '..', '..', 'docs', 'screenshots', `${info.project.name}-${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
}

/** Collects console errors and failed requests; the journey must have none
 * (except the statuses it provokes on purpose, such as 400 for bad input). */
export function watchForErrors(page: Page, expectedStatuses: number[] = []): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    // The browser also logs the responses the journey provokes on purpose.
    const provoked = expectedStatuses.some((s) => msg.text().includes(`status of ${s}`));
    if (msg.type() === 'error' && !provoked) errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400 && !expectedStatuses.includes(response.status())) {
      errors.push(`${response.status()} ${response.url()}`);
    }
  });
  return errors;
}

/** The header's navigation (French pages). */
export function mainNav(page: Page) {
  return page.getByRole('navigation', { name: 'Navigation principale' });
}

/** Opens the header's menu (the links besides the three main ones) and
 * returns the navigation; it stays open until a page is chosen. */
export async function openMenu(page: Page) {
  const nav = mainNav(page);
  const menu = nav.locator('details.nav-more');
  if (!(await menu.evaluate((d) => (d as HTMLDetailsElement).open))) {
    await menu.locator('summary').click();
  }
  await expect(menu).toHaveAttribute('open', '');
  return nav;
}

/** Follows a link of the header's menu, as a visitor would. */
export async function viaMenu(page: Page, name: string | RegExp) {
  const nav = await openMenu(page);
  await nav.getByRole('link', { name, exact: typeof name === 'string' }).click();
}

/** Whether the header offers a link at all, open menu or not. */
export function navLink(page: Page, name: string) {
  return mainNav(page).getByRole('link', { name, exact: true, includeHidden: true });
}

/** Signs in through the form and waits for the header to offer the account. */
export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/signin');
  await waitForHydration(page);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(navLink(page, 'Mon compte')).toHaveCount(1);
}

const mailDir = process.env.MAIL_DIR;

/** The messages the server has sent so far (kept as files in MAIL_DIR by
 * `--sendmail "scripts/keep-mail.sh $MAIL_DIR"`, as scripts/test.sh starts
 * it) whose text contains every one of `needles`. */
export function mailsWith(...needles: string[]): string[] {
  if (!mailDir) throw new Error('MAIL_DIR is not set: start the server with --sendmail "scripts/keep-mail.sh $MAIL_DIR"');
  if (!fs.existsSync(mailDir)) return [];
  return fs
    .readdirSync(mailDir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => fs.readFileSync(path.join(mailDir, f), 'utf8'))
    .filter((m) => needles.every((n) => m.includes(n)));
}

/** Signs up as a newcomer does: the form, then the link mailed to the
 * address, then the one button that creates the account. */
export async function signUp(page: Page, who: { name: string; email: string; password: string }) {
  await page.goto('/signup');
  await waitForHydration(page);
  await page.getByLabel('Nom affiché').fill(who.name);
  await page.getByLabel('Adresse e-mail').fill(who.email);
  await page.getByLabel('Mot de passe').fill(who.password);
  await page.getByLabel("J'ai 16 ans ou plus.").check();
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await expect(page.getByRole('status')).toContainText('ouvrez le lien');
  await confirmFromMail(page, who.email);
  await expect(page.getByRole('status')).toContainText(who.name);
}

/** Opens the confirmation link last mailed to `email` and confirms. */
export async function confirmFromMail(page: Page, email: string) {
  const link = () => mailsWith(`To: ${email}`, '/signup/confirm?token=').pop()?.match(/https?:\/\/\S+\/signup\/confirm\?token=[0-9a-f]+/)?.[0];
  await expect.poll(link, { timeout: 20_000, message: `a confirmation mail to ${email}` }).toBeTruthy();
  await page.goto(new URL(link()!).pathname + new URL(link()!).search);
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
}

/** Fills the volunteer form with a profile and consent, and enters the draw. */
export async function volunteer(page: Page, profile: { gender: string; born: string; diploma: string; district: string }) {
  await page.getByLabel('Genre').selectOption(profile.gender);
  await page.getByLabel('Année de naissance').fill(profile.born);
  await page.getByLabel('Diplôme le plus élevé').selectOption(profile.diploma);
  await page.getByLabel('Arrondissement').selectOption(profile.district);
  await page.getByLabel("J'accepte que ces réponses servent au tirage au sort").check();
  await page.getByRole('button', { name: 'Entrer dans le tirage' }).click();
}

/** A second person in the same test, in a browser of their own, at the
 * project's screen size. */
export async function secondPage(browser: Browser, info: TestInfo): Promise<Page> {
  const context = await browser.newContext({
    baseURL: info.project.use.baseURL,
    locale: 'fr-FR',
    viewport: info.project.use.viewport,
  });
  return context.newPage();
}
