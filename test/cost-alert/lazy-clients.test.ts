/**
 * AWS SDK clients load when they are first needed. The handler module loads the SSM client at import (every run
 * reads the key and thresholds) but not the SNS and DynamoDB clients: most runs send no alert, and those two are a
 * large part of a cold start. The CLI loads none at import: most commands never talk to AWS (every offline one,
 * `npm start` included), and the clients are about a fifth of its start-up. One fresh node process imports the
 * CLI, then the handler, and says which clients each import added.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const LIST_LOADED_CLIENTS = `
const clients = () => [...new Set(Object.keys(require.cache).map((file) => /@aws-sdk[\\\\/](client-[a-z0-9-]+)[\\\\/]/.exec(file)?.[1]).filter(Boolean))].sort();
require('./bin/cli/main.ts');
const cli = clients();
require('./functions/cost-alert/handler.ts');
process.stdout.write(JSON.stringify({ cli, handler: clients().filter((client) => !cli.includes(client)) }));
`;

describe('importing the CLI and the handler', () => {
  it('loads no client for the CLI, and the SSM client only for the handler (SNS and DynamoDB wait until an alert or the digest needs them)', () => {
    // Act
    const output = execFileSync(process.execPath, ['--import', 'tsx', '-e', LIST_LOADED_CLIENTS], { cwd: ROOT, encoding: 'utf8' });

    // Assess
    expect(JSON.parse(output)).toEqual({ cli: [], handler: ['client-ssm'] });
  });
});
