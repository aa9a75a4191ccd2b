import { DOCUMENTED_PRODUCTS, productAtEndOfPath, productSpelling } from '../../functions/cost-alert/domain/product-names';
import { canonicalNumber, canonicalValue, droppedFields, editThresholdValue, thresholdWarnings } from '../../functions/cost-alert/domain/threshold-edit';
import { fieldChanges, planThresholds } from '../../functions/cost-alert/domain/threshold-plan';

describe('editThresholdValue', () => {
  it('changes the fields named and keeps every other as written, in its place', () => {
    const result = editThresholdValue('{"daily": 50, "warnAt": [0.80], "filter": {"direction": "outbound"}, "spike": {"factor": 3}}', { daily: '60' });
    expect(result).toEqual({ ok: true, text: '{"daily": 60, "warnAt": [0.8], "filter": {"direction": "outbound"}, "spike": {"factor": 3}}' });
  });

  it('starts from nothing for a new product, and writes a lone daily limit plainly', () => {
    expect(editThresholdValue(undefined, { daily: '5' })).toEqual({ ok: true, text: '5' });
    expect(editThresholdValue('50', { monthly: '900' })).toEqual({ ok: true, text: '{"daily": 50, "monthly": 900}' });
    expect(editThresholdValue('{"daily": 50, "monthly": 900}', { monthly: false })).toEqual({ ok: true, text: '{"daily": 50}' });
  });

  it('writes switches as said, and keeps a custom spike on --spike', () => {
    expect(editThresholdValue('{"daily": 5, "forecast": true}', { forecast: false, enabled: false })).toEqual({
      ok: true,
      text: '{"daily": 5, "forecast": false, "enabled": false}',
    });
    expect(editThresholdValue('{"spike": {"factor": 3}}', { spike: true })).toEqual({ ok: true, text: '{"spike": {"factor": 3}}' });
    expect(editThresholdValue('{"daily": 5, "spike": false}', { spike: true })).toEqual({ ok: true, text: '{"daily": 5, "spike": true}' });
  });

  it('does not guess at a current value that is not an amount or a JSON object', () => {
    expect(editThresholdValue('{"daily": 5,', { daily: '6' })).toMatchObject({ ok: false });
    expect(editThresholdValue('[5]', { daily: '6' })).toMatchObject({ ok: false });
  });
});

describe('canonical numbers', () => {
  it.each([
    ['1e3', '1000'],
    ['0.80', '0.8'],
    ['50.00', '50'],
    ['1.5E-2', '0.015'],
    ['0.0000000001', '0.0000000001'],
    ['1e400', '1e400'],
  ])('%s is written %s', (typed, written) => {
    expect(canonicalNumber(typed)).toBe(written);
  });

  it('keeps the shape a whole value was given in, and an invalid one as typed', () => {
    expect(canonicalValue(' 1e3 ')).toBe('1000');
    expect(canonicalValue('{"daily": 1e3}')).toBe('{"daily": 1000}');
    expect(canonicalValue('\ufeff{"daily":50,"warnAt":[0.80]}')).toBe('{"daily": 50, "warnAt": [0.8]}');
    expect(canonicalValue('{"daily": 0}')).toBe('{"daily": 0}');
  });
});

describe('droppedFields and thresholdWarnings', () => {
  it('names what a replacement drops', () => {
    expect(droppedFields('{"daily": 50, "warnAt": [0.8], "spike": true}', '60')).toEqual(['warnAt', 'spike']);
    expect(droppedFields('50', '{"daily": 60, "monthly": 900}')).toEqual([]);
  });

  it('warns when the monthly limit is below the daily one, and only then', () => {
    expect(thresholdWarnings({ daily: 50n, monthly: 40n, currency: 'USD' })).toHaveLength(1);
    expect(thresholdWarnings({ daily: 50n, monthly: 50n, currency: 'USD' })).toEqual([]);
    expect(thresholdWarnings({ daily: 50n, currency: 'USD' })).toEqual([]);
  });
});

describe('product names', () => {
  it.each([
    ['Messaging', 'messaging'],
    ['SIP_TRUNKING', 'sip-trunking'],
    ['Total', 'total'],
  ])('%s is spelt %s', (typed, right) => {
    expect(productSpelling(typed)).toBe(right);
  });

  it('says nothing of a right name or an unknown one', () => {
    expect(productSpelling('messaging')).toBeUndefined();
    expect(productSpelling('voice-agents')).toBeUndefined();
    expect(productSpelling('Voice-Agents', [...DOCUMENTED_PRODUCTS, 'voice-agents'])).toBe('voice-agents');
  });

  it('finds a path one level too deep', () => {
    expect(productAtEndOfPath('/telnyx-cost-alert/thresholds/messaging/')).toBe('messaging');
    expect(productAtEndOfPath('/telnyx-cost-alert/thresholds')).toBeUndefined();
  });
});

describe('planThresholds', () => {
  const wanted = [
    { product: 'messaging', name: '/p/messaging', value: '{"daily": 60}' },
    { product: 'fax-api', name: '/p/fax-api', value: '5' },
    { product: 'total', name: '/p/total', value: '{"daily": 100.0}' },
  ];
  const stored = [
    { name: '/p/messaging', product: 'messaging', value: '{"daily": 50, "warnAt": [0.8]}', type: 'String' },
    { name: '/p/total', product: 'total', value: ' 100\n', type: 'StringList' },
    { name: '/p/old', product: 'old', value: '3', type: 'String' },
    { name: '/p/key', product: 'key', value: '', type: 'SecureString' },
  ];

  it('compares by meaning and lists each product once', () => {
    const plan = planThresholds(wanted, stored, { prune: true });
    expect(plan.entries.map((entry) => [entry.action, entry.name])).toEqual([
      ['changed', '/p/messaging'],
      ['added', '/p/fax-api'],
      ['unchanged', '/p/total'],
      ['only-in-parameter-store', '/p/key'],
      ['only-in-parameter-store', '/p/old'],
    ]);
    expect(plan.entries.filter((entry) => entry.action === 'only-in-parameter-store').map((entry) => 'delete' in entry && entry.delete)).toEqual([false, true]);
  });

  it('never plans to overwrite a SecureString', () => {
    expect(planThresholds([{ product: 'key', name: '/p/key', value: '5' }], stored, { prune: false }).conflicts).toHaveLength(1);
  });

  it('names the fields that change, defaults included', () => {
    expect(fieldChanges('{"daily": 50, "warnAt": [0.8]}', '{"daily": 60, "forecast": true}')).toEqual([
      { field: 'daily', from: '50', to: '60' },
      { field: 'warnAt', from: '[0.8]', to: '(none)' },
      { field: 'forecast', from: 'false', to: 'true' },
    ]);
    expect(fieldChanges('{"dayly": 50}', '50')).toEqual([{ field: 'value', from: '{"dayly": 50} (invalid)', to: '50' }]);
  });
});
