import { parseThresholds } from '../../functions/cost-alert/domain/threshold-judge';
import { KNOWN, PATH, parseOne } from './threshold-fixtures';

describe('parseThresholds: which parameter is for which product', () => {
  it('accepts a limit on total without a filter, whatever the known products', () => {
    // Act
    const { thresholds, problems } = parseOne('{"daily": 200, "monthly": 3000}', 'total');

    // Assess
    expect(problems).toEqual([]);
    expect(thresholds[0]?.product).toBe('total');
  });

  it('accepts any product when the known products are not given', () => {
    // Act
    const { thresholds, problems } = parseOne('5', 'fax-api', { knownProducts: undefined });

    // Assess
    expect(problems).toEqual([]);
    expect(thresholds[0]?.product).toBe('fax-api');
  });

  it('tolerates trailing slashes on the path', () => {
    // Act
    const { thresholds, problems } = parseThresholds([{ name: `${PATH}/messaging`, value: '5' }], { path: `${PATH}//`, knownProducts: KNOWN });

    // Assess
    expect(problems).toEqual([]);
    expect(thresholds.map((t) => t.product)).toEqual(['messaging']);
  });

  it.each([
    ['nested deeper', `${PATH}/messaging/daily`, 'daily'],
    ['outside the path', '/other/messaging', 'messaging'],
    ['the path itself', `${PATH}/`, 'thresholds'],
  ])('refuses a parameter %s', (_case, name, product) => {
    // Act
    const { thresholds, problems } = parseThresholds([{ name, value: '50' }], { path: PATH, knownProducts: KNOWN });

    // Assess
    expect(thresholds).toEqual([]);
    expect(problems).toEqual([
      {
        parameterName: name,
        location: name,
        product,
        message: `${name}: a threshold parameter must sit directly under ${PATH}/, named after the product (e.g. ${PATH}/messaging or ${PATH}/total); this one is ignored.`,
      },
    ]);
  });

  it('suggests the closest product for a misspelt one', () => {
    // Act
    const { thresholds, problems } = parseOne('50', 'mesaging');

    // Assess
    expect(thresholds).toEqual([]);
    expect(problems[0]?.product).toBe('mesaging');
    expect(problems[0]?.message).toBe(
      '/telnyx-cost-alert/thresholds/mesaging: "mesaging" is not a Telnyx product with a cost metric: did you mean "messaging"?',
    );
  });

  it('lists the known products when nothing is close', () => {
    // Act
    const { problems } = parseOne('50', 'hosting');

    // Assess
    expect(problems[0]?.message).toContain(
      'the products with a cost are call-control, messaging, sip-trunking, "total" for their sum and "balance" for the available credit',
    );
  });

  it('never lets one bad parameter affect the others', () => {
    // Act
    const { thresholds, problems } = parseThresholds(
      [
        { name: `${PATH}/messaging`, value: '{"daily": 50' },
        { name: `${PATH}/sip-trunking`, value: '20' },
        { name: `${PATH}/total`, value: '{"monthly": 1000}' },
      ],
      { path: PATH, knownProducts: KNOWN },
    );

    // Assess
    expect(thresholds.map((t) => t.product)).toEqual(['sip-trunking', 'total']);
    expect(problems.map((p) => p.product)).toEqual(['messaging']);
  });
});
