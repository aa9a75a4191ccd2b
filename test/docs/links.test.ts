/** Every relative link in README.md and docs/*.md resolves, anchors included; the README stays a front page. */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { PACKAGE_ROOT } from '../../bin/cli/threshold-source';
import { documentationFiles, headingAnchors, linkTargets, readDoc, slugOf } from './markdown';

/** The documentation layout of the plan: the README links each of these (written by several branches). */
const DOCS = [
  'docs/how-it-works.md',
  'docs/thresholds.md',
  'docs/signals.md',
  'docs/digest.md',
  'docs/dashboard.md',
  'docs/deploy.md',
  'docs/alarms.md',
  'docs/costs.md',
  'docs/cli.md',
  'docs/configuration.md',
  'docs/development.md',
];

describe('links in the documentation', () => {
  it.each(documentationFiles())('%s: every relative link and anchor resolves', (file) => {
    // Prepare
    const broken: string[] = [];

    // Act
    for (const target of linkTargets(readDoc(file))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
      const [pathPart = '', anchor] = target.split('#', 2);
      const resolved = pathPart === '' ? file : normalize(join(dirname(file), decodeURIComponent(pathPart)));
      const absolute = join(PACKAGE_ROOT, resolved);
      if (relative(PACKAGE_ROOT, absolute).startsWith('..') || !existsSync(absolute)) {
        broken.push(`${target}: ${resolved} does not exist`);
        continue;
      }
      if (anchor !== undefined && anchor !== '' && resolved.endsWith('.md') && statSync(absolute).isFile() && !headingAnchors(readDoc(resolved)).has(anchor)) {
        broken.push(`${target}: ${resolved} has no heading with the anchor #${anchor}`);
      }
    }

    // Assess
    expect([...new Set(broken)]).toEqual([]);
  });

  it('the README links every file of the documentation layout', () => {
    // Act
    const targets = new Set(linkTargets(readDoc('README.md')).map((target) => target.split('#')[0]));

    // Assess
    expect(DOCS.filter((doc) => !targets.has(doc))).toEqual([]);
  });

  it('the README is a front page of at most 12 KB', () => {
    expect(Buffer.byteLength(readDoc('README.md'))).toBeLessThanOrEqual(12 * 1024);
  });

  it('the README has the sections a newcomer looks for', () => {
    // Act
    const anchors = headingAnchors(readDoc('README.md'));

    // Assess
    for (const section of ['Quick start', 'Deploy in five steps', 'Thresholds', 'Command line', 'Costs', 'Upgrade', 'Clean-up', 'Troubleshooting']) {
      expect(anchors).toContain(slugOf(section));
    }
  });
});

describe('the link checker itself', () => {
  it('computes the anchors GitHub gives headings', () => {
    // Act
    const anchors = headingAnchors('# A title\n\n## `check -o json`\n\n## Deploy in five steps\n\n```sh\n# not a heading\n```\n\n## Deploy in five steps\n');

    // Assess
    expect([...anchors]).toEqual(['a-title', 'check--o-json', 'deploy-in-five-steps', 'deploy-in-five-steps-1']);
  });

  it('finds links outside code only', () => {
    // Act
    const targets = linkTargets('See [cli](docs/cli.md#exit-codes) and `[not](a-link.md)`.\n\n```text\n[nor](this.md)\n```\n![img](docs/x.png "title")\n');

    // Assess
    expect(targets).toEqual(['docs/cli.md#exit-codes', 'docs/x.png']);
  });
});
