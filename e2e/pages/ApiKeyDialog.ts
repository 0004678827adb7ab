import type { Locator, Page } from 'playwright-core';

/** The prompt the web UI shows when the server wants an API key, or when the user switches keys. */
export class ApiKeyDialog {
  readonly root: Locator;
  readonly input: Locator;
  readonly saveButton: Locator;
  readonly forgetButton: Locator;
  readonly error: Locator;
  readonly command: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('api-key-dialog');
    this.input = page.getByTestId('api-key-input');
    this.saveButton = this.root.getByRole('button', { name: 'Save key' });
    this.forgetButton = page.getByTestId('forget-key');
    this.error = this.root.getByRole('alert');
    this.command = page.getByTestId('key-command');
  }

  async submit(key: string): Promise<void> {
    await this.input.fill(key);
    await this.saveButton.click();
  }

  /** A first visit to `url` with `key`: answers the prompt, then opens `route` (e.g. 'assistants'). */
  static async signIn(page: Page, url: string, key: string, route: string): Promise<void> {
    await page.goto(url);
    const dialog = new ApiKeyDialog(page);
    await dialog.root.waitFor();
    await dialog.submit(key);
    await dialog.root.waitFor({ state: 'detached' });
    await page.goto(`${url}/#/${route}`);
  }
}
