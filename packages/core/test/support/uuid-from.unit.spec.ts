import { expect } from 'chai';
import { uuidFrom, uuidPlus } from '../../src/support/uuid-from';

const LAYOUT = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('support/uuid-from', () => {
  it('gives the same id for the same name', () => {
    expect(uuidFrom('cadenza.BankWorkflow-w1/msg-1')).to.equal(uuidFrom('cadenza.BankWorkflow-w1/msg-1'));
    expect(uuidFrom('')).to.equal(uuidFrom(''));
  });

  it('has the RFC 4122 layout: version 5, variant 8 to b', () => {
    for (const name of ['', 'a', 'cadenza.BankWorkflow-w1/msg-1', 'é東🎵', 'x'.repeat(10_000)]) {
      expect(uuidFrom(name), name.slice(0, 20)).to.match(LAYOUT);
    }
  });

  it('gives 10,000 different names 10,000 different ids', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const id = uuidFrom(`cadenza.BankWorkflow-w${i % 100}/${i}`);
      expect(id).to.match(LAYOUT);
      ids.add(id);
    }
    expect(ids.size).to.equal(10_000);
  });

  it('tells apart names that differ in one character, in order or in length', () => {
    const names = ['ab', 'ba', 'a', 'aa', 'a\u0000', 'w1/m1', 'w1/m2', 'w2/m1', 'w1/m10', 'w11/m0'];
    expect(new Set(names.map(uuidFrom)).size).to.equal(names.length);
    const ids = new Set<string>();
    for (let c = 0; c < 2_000; c++) ids.add(uuidFrom(`prefix-${String.fromCharCode(c)}-suffix`));
    expect(ids.size).to.equal(2_000);
  });

  it('uses every variant digit', () => {
    const variants = new Set<string>();
    for (let i = 0; i < 200; i++) variants.add(uuidFrom(`n${i}`)[19]!);
    expect([...variants].sort()).to.deep.equal(['8', '9', 'a', 'b']);
  });

  it('gives the ids it always gave (stored histories hold them)', () => {
    expect(uuidFrom('')).to.equal('027ae52e-cfc7-5621-9593-990d4b41437c');
    expect(uuidFrom('cadenza.BankWorkflow-w1/msg-1')).to.equal('19746b78-c8e7-5fae-a0ba-9d705ad5ed74');
    expect(uuidFrom('é東🎵')).to.equal('b4c0876c-5ef5-5b70-bbf7-436b9bf15c62');
  });

  it('adds to the last group mod 2^48, leaving the rest as it is', () => {
    const base = '18b96fe3-6b00-5dcf-9b4f-9790b8e7935f';
    expect(uuidPlus(base, 0)).to.equal(base);
    expect(uuidPlus(base, 1)).to.equal('18b96fe3-6b00-5dcf-9b4f-9790b8e79360');
    expect(uuidPlus(base, 2 ** 32)).to.equal('18b96fe3-6b00-5dcf-9b4f-9791b8e7935f');
    expect(uuidPlus(base, 2 ** 48 - 1)).to.equal('18b96fe3-6b00-5dcf-9b4f-9790b8e7935e');
    expect(uuidPlus('00000000-0000-5000-8000-ffffffffffff', 1)).to.equal('00000000-0000-5000-8000-000000000000');
  });
});
