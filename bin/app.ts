#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { addNagChecks, addStacks } from '../lib/app';
import { EsbuildMissingError } from '../lib/bundled-function';
import { ContextError } from '../lib/stack-context';

const app = new App();
try {
  addStacks(app);
} catch (error) {
  // A wrong context value or a missing tool is the user's to fix: one line naming it, not a Node stack trace.
  if (error instanceof ContextError || error instanceof EsbuildMissingError) {
    console.error(`Error: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
addNagChecks(app);
