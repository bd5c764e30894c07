import { describe, expect, it } from 'vitest';
import { parseFindQuery } from '../../src/app/find.js';

describe('what /tt02-access find looks for', () => {
  it('a reference, with or without its prefix and zeros', () => {
    expect(parseFindQuery('TT02-0042')).toEqual({ number: 42 });
    expect(parseFindQuery('tt02-42')).toEqual({ number: 42 });
    expect(parseFindQuery(' 42 ')).toEqual({ number: 42 });
  });

  it('a valid organisation number, spaces allowed; an invalid one is searched as a name', () => {
    expect(parseFindQuery('974 760 673')).toEqual({ orgNumber: '974760673' });
    expect(parseFindQuery('974760674')).toEqual({ name: '974760674' });
  });

  it('anything else is a name; nothing (or one letter) asks for a query', () => {
    expect(parseFindQuery('  Acme   Regnskap ')).toEqual({ name: 'Acme Regnskap' });
    expect(parseFindQuery('')).toBeNull();
    expect(parseFindQuery('a')).toBeNull();
  });
});
