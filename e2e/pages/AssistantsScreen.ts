import type { Locator, Page } from 'playwright-core';

/** The Assistants screen (#/assistants) and its form. */
export class AssistantsScreen {
  readonly root: Locator;
  readonly newButton: Locator;
  readonly form: Locator;
  readonly rows: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('assistants-screen');
    this.newButton = page.getByTestId('assistant-new');
    this.form = page.getByTestId('assistant-form');
    this.rows = page.getByTestId('assistant-row');
  }

  row(name: string): Locator {
    return this.rows.filter({ has: this.page.getByRole('heading', { name, exact: true }) });
  }

  /** Fills the open form; blank fields stay as they are. */
  async fill(fields: { name?: string; model?: string; instructions?: string; temperature?: string; format?: 'auto' | 'json_object'; datastores?: string[] }): Promise<void> {
    if (fields.name !== undefined) await this.page.getByTestId('assistant-name').fill(fields.name);
    if (fields.model !== undefined) await this.page.getByTestId('assistant-model').selectOption(fields.model);
    if (fields.instructions !== undefined) await this.page.getByTestId('assistant-instructions').fill(fields.instructions);
    if (fields.temperature !== undefined) await this.page.getByTestId('assistant-temperature').fill(fields.temperature);
    if (fields.format !== undefined) await this.page.getByTestId('assistant-format').selectOption(fields.format);
    for (const name of fields.datastores ?? []) await this.form.getByLabel(name, { exact: true }).check();
  }

  async save(): Promise<void> {
    await this.page.getByTestId('assistant-save').click();
    await this.form.waitFor({ state: 'detached' });
  }
}
