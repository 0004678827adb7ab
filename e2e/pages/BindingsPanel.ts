import type { Locator, Page } from 'playwright-core';

export interface BindingFields {
  name?: string;
  kind?: 'openai' | 'ollama';
  baseUrl?: string;
  apiKey?: string;
  /** Upstream names with their aliases, one row each; fills rows from the first, adding rows as needed. */
  models?: { name: string; alias?: string }[];
  timeoutSeconds?: string;
}

/** Settings → Bindings: the upstreams list, its add/edit dialog and each row's connection test. */
export class BindingsPanel {
  readonly root: Locator;
  readonly addButton: Locator;
  readonly form: Locator;
  readonly rows: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('bindings-panel');
    this.addButton = page.getByTestId('binding-add');
    this.form = page.getByTestId('binding-form');
    this.rows = page.getByTestId('binding-row');
  }

  row(name: string): Locator {
    return this.rows.filter({ has: this.page.getByRole('heading', { name, exact: true }) });
  }

  async fill(fields: BindingFields): Promise<void> {
    const form = this.form;
    if (fields.name !== undefined) await form.getByTestId('binding-name').fill(fields.name);
    if (fields.kind !== undefined) await form.getByTestId('binding-kind').selectOption(fields.kind);
    if (fields.baseUrl !== undefined) await form.getByTestId('binding-url').fill(fields.baseUrl);
    if (fields.apiKey !== undefined) await form.getByTestId('binding-key').fill(fields.apiKey);
    for (const [index, model] of (fields.models ?? []).entries()) {
      if ((await form.getByTestId('binding-model-row').count()) <= index) await form.getByTestId('binding-add-model').click();
      await form.getByTestId('binding-model-name').nth(index).fill(model.name);
      await form.getByTestId('binding-model-alias').nth(index).fill(model.alias ?? '');
    }
    if (fields.timeoutSeconds !== undefined) await form.getByTestId('binding-timeout').fill(fields.timeoutSeconds);
  }

  async save(): Promise<void> {
    await this.form.getByTestId('binding-save').click();
    await this.form.waitFor({ state: 'detached' });
  }

  /** Presses "Test connection" on a row and waits for its answer (a result or an error). */
  async testConnection(name: string): Promise<Locator> {
    const row = this.row(name);
    await row.getByTestId('binding-test').click();
    const answer = row.getByTestId('binding-test-result').or(row.getByTestId('binding-test-error'));
    await answer.waitFor({ timeout: 30_000 });
    return answer;
  }
}
