import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { judgeThresholds } from '../../functions/cost-alert/domain/threshold-judge';
import { parseThresholdValue } from '../../functions/cost-alert/domain/threshold-values';
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
    const at = (key: string) => `${file} key "${key}"`;
    // Act
    const parameters = await store.load();
    // Assess
    expect(parameters).toEqual([
      { name: '/telnyx-cost-alert/thresholds/messaging', value: '50', location: at('messaging') },
      { name: '/telnyx-cost-alert/thresholds/voice', value: '12.75', location: at('voice') },
      { name: '/telnyx-cost-alert/thresholds/sip-trunking', value: '{"daily":25,"warnAt":[0.8]}', location: at('sip-trunking') },
      { name: '/telnyx-cost-alert/thresholds/fax', value: '30', location: at('fax') },
      { name: '/telnyx-cost-alert/thresholds/total', value: '{"monthly": 500}', location: at('total') },
      // left for the threshold parser to report against its key
      { name: '/telnyx-cost-alert/thresholds/broken', value: 'true', location: at('broken') },
    ]);
  });

  it('names parameters under the path it is given', async () => {
    // Prepare
    const file = fileWith('custom.json', '{"messaging": 5}');
    const store = new FileThresholdStore(file, '/acme/limits');
    // Act
    const parameters = await store.load();
    // Assess
    expect(parameters).toEqual([{ name: '/acme/limits/messaging', value: '5', location: `${file} key "messaging"` }]);
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
    expect(parameters).toEqual([{ name: '/telnyx-cost-alert/thresholds/messaging', value: '7', location: `${file} key "messaging"` }]);
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

describe('a thresholds file', () => {
  it('keeps each number as written, so 1e400 is judged as 1e400 (JSON.parse made it null)', async () => {
    // Prepare
    const file = fileWith('huge.json', '{"messaging": {"daily": 1e400, "warnAt": [0.8]}, "voice": 1e400, "fax": 12345678.123456789}');
    // Act
    const parameters = await new FileThresholdStore(file).load();
    // Assess
    expect(parameters.map((parameter) => parameter.value)).toEqual(['{"daily":1e400,"warnAt":[0.8]}', '1e400', '12345678.123456789']);
  });

  it('refuses 1e400 with the very message an SSM value gets', async () => {
    // Prepare
    const file = fileWith('huge-limit.json', '{"messaging": {"daily": 1e400}}');
    const store = new FileThresholdStore(file);
    // Act
    const { problems } = judgeThresholds(await store.load(), store, undefined);
    const fromSsm = parseThresholdValue('{"daily": 1e400}', 'messaging');
    // Assess
    expect(fromSsm.ok).toBe(false);
    expect(problems.map((problem) => problem.message)).toEqual([`${file} key "messaging": ${fromSsm.ok ? '' : fromSsm.message}`]);
    expect(problems[0]?.message).toContain('"daily" must be below 1000000000000 (at most 12 digits before the decimal point); got 1e400.');
  });

  it('names the file and key in every problem, never an SSM path', async () => {
    // Prepare
    const file = fileWith(
      'my-thresholds.json',
      '{"messaging": {"dayly": 50}, "a/b": 5, "": 5, "total": {"daily": 1, "filter": {"x": "y"}}, "sms": 5, "wireless": {"daily": 5, "filter": {"directon": "outbound"}}}',
    );
    const store = new FileThresholdStore(file);
    const catalog = [
      { product: 'messaging', dimensions: ['direction', 'currency'] },
      { product: 'wireless', dimensions: ['direction', 'currency'] },
    ];
    // Act
    const { problems } = judgeThresholds(await store.load(), store, catalog);
    // Assess
    expect(problems.map((problem) => problem.location)).toEqual(['messaging', 'a/b', '', 'total', 'sms', 'wireless'].map((key) => `${file} key "${key}"`));
    for (const problem of problems) {
      expect(problem.message.startsWith(`${problem.location}: `)).toBe(true);
      expect(problem.message).not.toContain('/telnyx-cost-alert/thresholds');
    }
    expect(problems[1]?.message).toBe(`${file} key "a/b": a key must be one product's name (e.g. "messaging") or "total", without "/"; this one is ignored.`);
  });
});
