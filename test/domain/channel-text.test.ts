import { toGsm7, toPrintableAscii } from '../../functions/cost-alert/domain/channel-text';

describe('toGsm7', () => {
  it('keeps basic characters, drops accents outside the set and replaces the rest', () => {
    expect(toGsm7('Ça coûte 5 € [extra] – ok…', 160)).toBe('Ça coute 5 EUR (extra) - ok...');
    expect(toGsm7('Müller ñ é ł 中', 160)).toBe('Müller ñ é ? ?');
  });

  it('truncates to the maximum, marking the cut', () => {
    expect(toGsm7('abcdefghij', 8)).toBe('abcde...');
    expect(toGsm7('abcdefgh', 8)).toBe('abcdefgh');
    expect(toGsm7('€€€', 4)).toBe('E...');
  });
});

describe('toPrintableAscii', () => {
  it('puts text on one printable ASCII line', () => {
    expect(toPrintableAscii('Crème\nbrûlée\t🍮')).toBe('Creme brulee ?');
  });
});
