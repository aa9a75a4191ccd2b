/**
 * The CDK template assertions under names the lint rule jest/expect-expect counts as assertions (assert*).
 * Each throws with a diff of the closest resources when nothing matches.
 */
import type { Template } from 'aws-cdk-lib/assertions';

export function assertResource(template: Template, type: string, properties: unknown): void {
  template.hasResourceProperties(type, properties);
}

/** Matches the whole resource definition: Properties, DeletionPolicy, ... */
export function assertResourceDefinition(template: Template, type: string, definition: unknown): void {
  template.hasResource(type, definition);
}

export function assertResourceCount(template: Template, type: string, count: number): void {
  template.resourceCountIs(type, count);
}
