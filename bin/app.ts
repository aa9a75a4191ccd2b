#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { addNagChecks, addStacks } from '../lib/app';

const app = new App();
addStacks(app);
addNagChecks(app);
