import { expect } from 'chai';
import { createDefaultLogger } from '../../src/support/default-logger';
import { NEW, OLD } from './keys';

describe('signing secrets in the default logger', () => {
  it('writes signing secrets as ***, whether the signing section or the whole config is logged', () => {
    const lines: string[] = [];
    const logger = createDefaultLogger('info', { write: (line: string) => void lines.push(line) });
    logger.info({ signing: { keys: [OLD, NEW], signWith: NEW.id } }, 'signing on');
    logger.info({ config: { signing: { keys: [OLD, NEW], signWith: NEW.id } } }, 'starting');
    const text = lines.join('');
    expect(text).to.not.include(OLD.secret).and.not.include(NEW.secret);
    expect(JSON.parse(lines[0]!).signing.keys).to.deep.equal([{ id: OLD.id, secret: '***' }, { id: NEW.id, secret: '***' }]);
    expect(JSON.parse(lines[1]!).config.signing.keys[1]).to.deep.equal({ id: NEW.id, secret: '***' });
  });
});
