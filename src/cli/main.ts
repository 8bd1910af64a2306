import { readFileSync } from 'node:fs';
import { toSyncError } from '../model/errors.js';
import { HELP, parseCli } from './args.js';
import { applyCommand, checkConfigCommand, planCommand, type Io } from './commands.js';

/** Run one CLI invocation; returns the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const args = parseCli(argv);
    switch (args.command) {
      case 'help':
        io.stdout.write(HELP);
        return 0;
      case 'version':
        io.stdout.write(`${version()}\n`);
        return 0;
      case 'plan':
        return await planCommand(args, io);
      case 'apply':
        return await applyCommand(args, io);
      case 'check-config':
        return await checkConfigCommand(args, io);
      case 'netbox-setup': {
        const { netboxSetupCommand } = await import('./setup.js');
        return await netboxSetupCommand(args, io);
      }
      case 'serve': {
        const { serveCommand } = await import('./serve.js');
        return await serveCommand(args, io);
      }
      case 'demo': {
        const { demoCommand } = await import('./demo.js');
        return await demoCommand(args, io);
      }
    }
  } catch (err) {
    const error = toSyncError(err);
    io.stderr.write(`error ${error.code}: ${error.message}\n`);
    return 1;
  }
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}
