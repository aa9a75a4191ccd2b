#!/usr/bin/env tsx
/** The npm bin: `npm start` runs `check`. Everything else lives in ./cli (main is exported for in-process tests). */
import { processIo } from './cli/cli-io';
import { main } from './cli/main';

main(process.argv.slice(2), processIo()).then(
  (exitCode) => {
    // exitCode rather than exit(): stdout piped to a file is flushed before the process ends.
    process.exitCode = exitCode;
  },
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
