/** What package.json promises about the toolchain and the bin, read from the files themselves. */
import { statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../bin/cli/threshold-source';

const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
  engines: Record<string, string>;
  bin: Record<string, string>;
  devDependencies: Record<string, string>;
};

describe('package.json', () => {
  it('requires Node 22 or newer and brings Node 24 for its scripts', () => {
    expect(pkg.engines.node).toBe('>=22');
    expect(pkg.devDependencies.node).toMatch(/^\^24\./);
  });

  it('points the bin at an executable file, so that npm setting the mode leaves the work tree clean', () => {
    // Prepare
    const bin = join(PACKAGE_ROOT, pkg.bin['telnyx-cost-alert'] ?? '');

    // Assess: executable by owner, group and others (100755 in git), with a shebang
    expect(statSync(bin).mode & 0o111).toBe(0o111);
    expect(readFileSync(bin, 'utf8')).toMatch(/^#!\/usr\/bin\/env tsx\n/);
  });
});
