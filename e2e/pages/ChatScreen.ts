import type { Locator, Page } from 'playwright-core';

/** The main screen: server status, the model list and the chat. */
export class ChatScreen {
  readonly status: Locator;
  readonly serverUrl: Locator;
  readonly models: Locator;
  readonly input: Locator;
  readonly sendButton: Locator;
  readonly stopButton: Locator;
  readonly assistantMessages: Locator;
  readonly userMessages: Locator;

  constructor(readonly page: Page) {
    this.status = page.getByTestId('server-status');
    this.serverUrl = page.getByTestId('server-url');
    this.models = page.getByTestId('model-item');
    this.input = page.getByTestId('chat-input');
    this.sendButton = page.getByTestId('chat-send');
    this.stopButton = page.getByTestId('chat-stop');
    this.assistantMessages = page.locator('[data-testid="message-assistant"]');
    this.userMessages = page.locator('[data-testid="message-user"]');
  }

  model(id: string): Locator {
    return this.page.locator(`[data-testid="model-item"][data-model-id="${id}"]`);
  }

  async selectModel(id: string): Promise<void> {
    await this.model(id).locator('.model-pick').click();
  }

  async send(text: string): Promise<void> {
    await this.input.fill(text);
    await this.sendButton.click();
  }

  lastReply(): Locator {
    return this.assistantMessages.last().locator('.message-text');
  }

  /** Resolves when no reply is streaming any more. */
  async waitForReplyDone(timeout = 120_000): Promise<void> {
    await this.page.locator('[data-streaming]').waitFor({ state: 'detached', timeout });
  }
}
