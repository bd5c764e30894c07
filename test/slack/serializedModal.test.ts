import { describe, expect, it } from 'vitest';
import { intakeModal } from '../../src/slack/views/intakeModal.js';
import { serializedIntakeModal } from '../../src/slack/openIntake.js';

describe('the intake modal as sent to views.open', () => {
  it('is the rendered modal for that language, channel and register setting, never another one from the cache', () => {
    const cases = [
      ['nb', 'CAAA', false],
      ['en', 'CAAA', false],
      ['nb', 'CBBB', false],
      ['nb', 'CAAA', true],
    ] as const;
    for (let round = 0; round < 2; round++) {
      for (const [locale, channelId, registerOn] of cases) {
        const sent = JSON.parse(serializedIntakeModal(locale, channelId, registerOn)) as unknown;
        expect(sent).toEqual(JSON.parse(JSON.stringify(intakeModal({ channelId, locale }, {}, { registerOn }))));
        expect((sent as { private_metadata: string }).private_metadata).toContain(channelId);
      }
    }
  });
});
