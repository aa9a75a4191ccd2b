import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileThresholdStore, ThresholdFileError } from '../../functions/cost-alert/local/file-thresholds';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'thresholds-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function fileWith(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('FileThresholdStore', () => {
  it('renders each value as an operator would type it into SSM', async () => {
    // Prepare
    const file = fileWith(
      'thresholds.json',
      JSON.stringify({
        messaging: 50,
        voice: 12.75,
        'sip-trunking': { daily: 25, warnAt: [0.8] },
        fax: '30',
        total: '{"monthly": 500}',
        broken: true,
      }),
    );
    const store = new FileThresholdStore(file);
    // Act
    const parameters = await store.load();
    // Assess
    expect(parameters).toEqual([
      { name: '/telnyx-cost-alert/thresholds/messaging', value: '50' },
      { name: '/telnyx-cost-alert/thresholds/voice', value: '12.75' },
      { name: '/telnyx-cost-alert/thresholds/sip-trunking', value: '{"daily":25,"warnAt":[0.8]}' },
      { name: '/telnyx-cost-alert/thresholds/fax', value: '30' },
      { name: '/telnyx-cost-alert/thresholds/total', value: '{"monthly": 500}' },
      // left for the threshold parser to report against its key
      { name: '/telnyx-cost-alert/thresholds/broken', value: 'true' },
    ]);
  });

  it('names parameters under the path it is given', async () => {
    // Prepare
    const store = new FileThresholdStore(fileWith('custom.json', '{"messaging": 5}'), '/acme/limits');
    // Act
    const parameters = await store.load();
    // Assess
    expect(parameters).toEqual([{ name: '/acme/limits/messaging', value: '5' }]);
    expect(store.path).toBe('/acme/limits');
  });

  it('reads the file again on every load', async () => {
    // Prepare
    const file = fileWith('edited.json', '{"messaging": 5}');
    const store = new FileThresholdStore(file);
    await store.load();
    writeFileSync(file, '{"messaging": 7}');
    // Act
    const parameters = await store.load();
    // Assess
    expect(parameters).toEqual([{ name: '/telnyx-cost-alert/thresholds/messaging', value: '7' }]);
  });

  it('names the missing file and how to create it', async () => {
    // Prepare
    const missing = join(dir, 'nope.json');
    // Act
    const loading = new FileThresholdStore(missing).load();
    // Assess
    await expect(loading).rejects.toThrow(ThresholdFileError);
    await expect(loading).rejects.toThrow(`threshold file ${missing} does not exist: create it`);
  });

  it.each([
    ['invalid JSON', '{"messaging": 50,}', 'is not valid JSON'],
    ['a list', '[50]', 'must hold a JSON object of product -> threshold'],
    ['a bare number', '50', 'must hold a JSON object of product -> threshold'],
  ])('names the file when it holds %s', async (_case, content, expected) => {
    // Prepare
    const file = fileWith('bad.json', content);
    // Act
    const loading = new FileThresholdStore(file).load();
    // Assess
    await expect(loading).rejects.toThrow(`${file} ${expected}`);
  });

  it('describes a product as the file and key to edit', () => {
    // Prepare
    const store = new FileThresholdStore('thresholds.json');
    // Act
    const location = store.describe('messaging');
    // Assess
    expect(location).toBe('thresholds.json key "messaging"');
  });
});
