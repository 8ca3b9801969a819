import { describe, expect, it } from 'vitest';
import { findMentions } from '../../server/workflow/mentions.js';
import { buildMember } from '../support/builders.js';

const members = [
  buildMember('m-ana', { email: 'ana.silva@newsroom.example' }),
  buildMember('m-bo', { email: 'bo@newsroom.example' }),
  buildMember('m-gone', { email: 'gone@newsroom.example', disabled: true }),
];

describe('@mentions (rule W-CMT-2)', () => {
  it('W-CMT-2: resolves the part of the email before @, and member ids', () => {
    expect(findMentions('@ana.silva can you check? cc @m-bo', members)).toEqual(['m-ana', 'm-bo']);
  });

  it('W-CMT-2: mentions each member once, ignores sentence punctuation and case', () => {
    expect(findMentions('@BO, then @bo. And @bo!', members)).toEqual(['m-bo']);
  });

  it('W-CMT-2: unknown handles, disabled members and email addresses stay text', () => {
    expect(findMentions('@nobody @gone write to bo@newsroom.example', members)).toEqual([]);
  });
});
