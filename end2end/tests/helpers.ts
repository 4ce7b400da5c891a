import AxeBuilder from '@axe-core/playwright';
import { expect, Page, TestInfo } from '@playwright/test';
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

/** Signs in through the form and waits for the header to show the account. */
export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/signin');
  await waitForHydration(page);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Mon compte' })).toBeVisible();
}
