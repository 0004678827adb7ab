import type { Locator, Page } from 'playwright-core';

export interface FileToDrop {
  name: string;
  type: string;
  bytes: Buffer;
}

/** The Datastores screen: create, drop files as a person drags them from their file manager, read the lists. */
export class DatastoresScreen {
  readonly details: Locator;
  readonly dropZone: Locator;

  constructor(readonly page: Page) {
    this.details = page.getByTestId('datastore-details');
    this.dropZone = page.getByTestId('drop-zone');
  }

  async create(name: string, model: string): Promise<void> {
    await this.page.getByTestId('datastore-new').click();
    const dialog = this.page.getByTestId('create-datastore');
    await dialog.getByTestId('datastore-name').fill(name);
    await dialog.getByTestId('datastore-model').selectOption(model);
    await dialog.getByTestId('datastore-create').click();
    await dialog.waitFor({ state: 'detached' });
  }

  /**
   * Drops files on the drop zone with a DataTransfer built in the page, the events a real drag sends
   * (dragenter, dragover, drop). Built from a string: tsx would wrap a function's closures in helpers
   * the page does not have.
   */
  async drop(files: FileToDrop[]): Promise<void> {
    const payload = JSON.stringify(files.map((file) => ({ name: file.name, type: file.type, base64: file.bytes.toString('base64') })));
    const dataTransfer = await this.page.evaluateHandle(`(() => {
      const transfer = new DataTransfer();
      for (const file of ${payload}) {
        const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
        transfer.items.add(new File([bytes], file.name, { type: file.type }));
      }
      return transfer;
    })()`);
    for (const type of ['dragenter', 'dragover', 'drop']) await this.dropZone.dispatchEvent(type, { dataTransfer });
    await dataTransfer.dispose();
  }

  documentRow(titleStart: string): Locator {
    return this.page.getByTestId('document-row').filter({ has: this.page.locator('.ds-doc-title', { hasText: new RegExp(`^${titleStart}`) }) });
  }

  /** Starts recording every state a job card shows, so a test can tell progress was visible, not just the end. */
  async recordJobStates(): Promise<void> {
    await this.page.evaluate(`(() => {
      const seen = new Set();
      window.jobStates = seen;
      new MutationObserver(() => {
        for (const job of document.querySelectorAll('[data-testid="job"]')) seen.add(job.getAttribute('data-job-state'));
        for (const upload of document.querySelectorAll('[data-testid="upload"]')) seen.add('upload:' + upload.getAttribute('data-state'));
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    })()`);
  }

  async seenJobStates(): Promise<string[]> {
    return (await this.page.evaluate('[...window.jobStates]')) as string[];
  }
}
