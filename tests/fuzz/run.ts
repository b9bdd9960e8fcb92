/** Entry point of `pnpm fuzz` (see cli.ts for the options). */
import { main } from './cli.ts';

process.exitCode = await main(process.argv.slice(2));
