import { serveCommand } from './serveCommand.js';
import { keysCommand } from './keysCommand.js';
import { modelsCommand } from './modelsCommand.js';
import { datastoresCommand } from './datastoresCommand.js';
import { bindingsCommand } from './bindingsCommand.js';

type Command = (argv: string[]) => Promise<void>;

/** Subcommands of `npm run hearth -- <command>`; each module owns its flags. */
const commands: Record<string, Command> = {
  serve: serveCommand,
  keys: keysCommand,
  models: modelsCommand,
  datastores: datastoresCommand,
  bindings: bindingsCommand,
};

async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error(`Usage: npm run hearth -- <${Object.keys(commands).join('|')}> [options]`);
    process.exitCode = 2;
    return;
  }
  await command(rest);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  if (process.env.HEARTH_DEBUG) console.error(error);
  process.exit(1);
});
