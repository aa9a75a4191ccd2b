/**
 * The handler module loads the SSM client at import (every run reads the key and thresholds) but not the SNS
 * and DynamoDB clients: most runs send no alert, and those two are a large part of a cold start. A fresh node
 * process imports the handler and says which AWS SDK clients it loaded.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const LIST_LOADED_CLIENTS = `
require('./functions/cost-alert/handler.ts');
const loaded = Object.keys(require.cache).map((file) => /@aws-sdk[\\\\/](client-[a-z0-9-]+)[\\\\/]/.exec(file)?.[1]).filter(Boolean);
process.stdout.write(JSON.stringify([...new Set(loaded)].sort()));
`;

describe('importing the handler', () => {
  it('loads the SSM client only; SNS and DynamoDB wait until an alert or the digest needs them', () => {
    // Act
    const output = execFileSync(process.execPath, ['--import', 'tsx', '-e', LIST_LOADED_CLIENTS], { cwd: ROOT, encoding: 'utf8' });

    // Assess
    expect(JSON.parse(output)).toEqual(['client-ssm']);
  });
});
