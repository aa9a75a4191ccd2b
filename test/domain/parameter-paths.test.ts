import { pathHolds, pathSegments, secureStringProblem, thresholdsPathBeside, thresholdsPathProblem } from '../../functions/cost-alert/domain/parameter-paths';
import { renderProblem } from '../../functions/cost-alert/domain/problem-alert';

const KEY = '/telnyx-cost-alert/api-key';

describe('pathHolds', () => {
  it.each([
    ['/telnyx-cost-alert', true],
    ['/telnyx-cost-alert/', true],
    ['/telnyx-cost-alert/api-key', true],
    ['telnyx-cost-alert', true],
    ['/telnyx-cost', false],
    ['/telnyx-cost-alert/api', false],
    ['/telnyx-cost-alert/thresholds', false],
    ['/telnyx-cost-alert/api-key/limits', false],
    ['/Telnyx-Cost-Alert', false],
    ['/', false],
  ])('%s holds the key: %s (segments are compared, not characters)', (path, holds) => {
    // Assess
    expect(pathHolds(path, KEY)).toBe(holds);
  });

  it('splits names into segments, whatever the slashes around them', () => {
    // Assess
    expect(pathSegments('//a/b//')).toEqual(['a', 'b']);
    expect(pathSegments('a')).toEqual(['a']);
  });
});

describe('thresholdsPathProblem', () => {
  it('names the setting, the path and the key parameter, and proposes a path beside the key', () => {
    // Assess
    expect(thresholdsPathProblem('THRESHOLDS_PATH', '/telnyx-cost-alert', KEY)).toBe(
      'THRESHOLDS_PATH /telnyx-cost-alert contains the API-key parameter /telnyx-cost-alert/api-key, so nothing under it is read as a threshold ' +
        '(the key would be read as one). Set THRESHOLDS_PATH to a path that holds thresholds only, such as /telnyx-cost-alert/thresholds.',
    );
    expect(thresholdsPathProblem('--thresholds-path', KEY, KEY)).toMatch(/^--thresholds-path \/telnyx-cost-alert\/api-key is the API-key parameter/);
    expect(thresholdsPathProblem('THRESHOLDS_PATH', '/telnyx-cost-alert/thresholds', KEY)).toBeUndefined();
  });

  it('never proposes the key itself as the thresholds path', () => {
    // Assess
    expect(thresholdsPathBeside('/org/thresholds')).toBe('/org/cost-thresholds');
    expect(thresholdsPathBeside('telnyx-key')).toBe('/thresholds');
  });
});

describe('a SecureString under the thresholds path', () => {
  it('is named, with no value, and its error alert proposes no overwrite (an invalid threshold still gets one)', () => {
    // Prepare
    const detail = secureStringProblem('/telnyx-cost-alert/thresholds/voice', '/telnyx-cost-alert/thresholds');
    const problem = { product: 'voice', title: 'Threshold could not be read', detail, parameterLocation: '/telnyx-cost-alert/thresholds/voice' };

    // Act
    const secure = renderProblem({ ...problem, suggestOverwrite: false }, new Date('2026-11-26T14:00:00Z'), 'UTC');
    const invalid = renderProblem({ ...problem, title: 'Invalid threshold' }, new Date('2026-11-26T14:00:00Z'), 'UTC');

    // Assess
    expect(detail).toContain('a SecureString is not a threshold');
    expect(secure.email).not.toContain('put-parameter');
    expect(invalid.email).toContain("aws ssm put-parameter --name /telnyx-cost-alert/thresholds/voice --overwrite --value '50'");
  });
});
