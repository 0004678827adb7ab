import type { Locator, Page } from 'playwright-core';

/** The prompt the web UI shows when the server wants an API key. */
export class ApiKeyDialog {
  readonly root: Locator;
  readonly input: Locator;
  readonly saveButton: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('api-key-dialog');
    this.input = page.getByTestId('api-key-input');
    this.saveButton = this.root.getByRole('button', { name: 'Save key' });
    this.error = this.root.getByRole('alert');
  }

  async submit(key: string): Promise<void> {
    await this.input.fill(key);
    await this.saveButton.click();
  }
}
