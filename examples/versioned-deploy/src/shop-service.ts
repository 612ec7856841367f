import { defineService, type ServiceImplementation } from '@cadenza/core';

/** What an order needs from the shop. */
export interface ShopService {
  /** A fraud check (added by the deploy): true when the order may go on. */
  check(orderId: string): Promise<boolean>;
  charge(orderId: string, amount: number): Promise<string>;
  mail(orderId: string, what: string): Promise<void>;
}
export const ShopService = defineService<ShopService>('ShopService');

/** A shop that keeps, per order, what was done for it, in order. */
export const createShopService = (done: Map<string, string[]>): ServiceImplementation<ShopService> => {
  const note = (orderId: string, what: string) => done.set(orderId, [...(done.get(orderId) ?? []), what]);
  return {
    check: async (orderId) => {
      note(orderId, 'checked');
      return true;
    },
    charge: async (orderId, amount) => {
      note(orderId, `charged ${amount}`);
      return `payment-${orderId}`;
    },
    mail: async (orderId, what) => {
      note(orderId, `mailed ${what}`);
    },
  };
};
