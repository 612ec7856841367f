import { expect } from 'chai';
import { createDefaultLogger } from '../../src/support/default-logger';

describe('the default logger', () => {
  it('writes secret fields as *** at the top level and one object down', () => {
    const lines: string[] = [];
    const logger = createDefaultLogger('info', { write: (line: string) => void lines.push(line) });
    logger.info({ password: 'hunter2', options: { token: 'jwt-secret', connectionString: 'postgres://u:pw@h/db', sasl: { password: 'p4ss' } } }, 'connecting');
    const text = lines.join('');
    for (const secret of ['hunter2', 'jwt-secret', 'postgres://u:pw@h/db', 'p4ss']) expect(text).not.to.contain(secret);
    expect(JSON.parse(lines[0]!)).to.deep.include({ password: '***', msg: 'connecting' });
  });
});
