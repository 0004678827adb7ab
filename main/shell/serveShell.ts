import type { SecretEncryption } from '../bindings/SafeStorageSecretStore.js';
import type { MessageLink } from './messageLink.js';
import { ProgramHost, type LaunchRunner } from './ProgramHost.js';
import { toShellMessage, type FromShellMessage, type ToShellMessage } from './shellMessages.js';

export interface ShellServices {
  launchRunner: LaunchRunner;
  /** Electron's safeStorage in the app; tests pass an encryption of their own. */
  encryption: SecretEncryption;
}

/**
 * Answers a server's requests on its link (shellMessages.ts) for as long as it runs. `close` stops listening
 * and kills the programs it still has running, once the server is gone.
 */
export function serveShell(server: MessageLink, services: ShellServices): { close(): void } {
  const programs = new ProgramHost(server, services.launchRunner);
  const stopListening = server.listen((raw) => {
    const parsed = toShellMessage.safeParse(raw);
    // Only our own server is on this link; a message that doesn't parse is a bug there, and is dropped.
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type.startsWith('program:')) programs.handle(message as Extract<ToShellMessage, { type: `program:${string}` }>);
    else void answerSecrets(message as Extract<ToShellMessage, { type: `secrets:${string}` }>, services.encryption).then((reply) => server.post(reply));
  });
  return {
    close() {
      stopListening();
      programs.killAll();
    },
  };
}

async function answerSecrets(message: Extract<ToShellMessage, { type: `secrets:${string}` }>, encryption: SecretEncryption): Promise<FromShellMessage> {
  const { callId } = message;
  try {
    if (message.type === 'secrets:isAvailable') return { type: 'secrets:reply', callId, value: await encryption.isAvailable() };
    if (message.type === 'secrets:encrypt') return { type: 'secrets:reply', callId, value: await encryption.encrypt(message.text) };
    return { type: 'secrets:reply', callId, value: await encryption.decrypt(message.data) };
  } catch (error) {
    return { type: 'secrets:reply', callId, value: null, error: (error as Error).message };
  }
}
