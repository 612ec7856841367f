import { expect } from 'chai';
import { delayedMessageProblem } from '../src/delay/delay-target';
import { DELAY_PROPERTIES } from '../src/delay/delay-topic';

describe('delay/delay-target', () => {
  const due = String(Date.now());
  const props = (target?: string, deliverAt: string | null = due): Record<string, string> => ({
    ...(target === undefined ? {} : { [DELAY_PROPERTIES.target]: target }),
    ...(deliverAt === null ? {} : { [DELAY_PROPERTIES.deliverAt]: deliverAt }),
  });

  it('lets through a message whose target is the topic of its delay topic, with a due time', () => {
    expect(delayedMessageProblem(props('ns.workflow.W'), 'ns.workflow.W')).to.equal(undefined);
  });

  for (const [what, properties, reason] of [
    ['no target', props(undefined), /^a delayed message on ns\.workflow\.W__delayed without a cadenza-target-topic property$/],
    ['an empty target', props(''), /without a cadenza-target-topic property/],
    ['another topic as target', props('other-ns.client.spy'), /whose target "other-ns\.client\.spy" is not ns\.workflow\.W$/],
    ['no due time', props('ns.workflow.W', null), /cadenza-deliver-at property is not a time in ms since epoch: undefined$/],
    ['a due time that is not one', props('ns.workflow.W', '12abc'), /not a time in ms since epoch: "12abc"$/],
  ] as const) {
    it(`names why a message with ${what} cannot be forwarded`, () => {
      expect(delayedMessageProblem(properties, 'ns.workflow.W')).to.match(reason);
    });
  }
});
