import { describe, expect, it } from 'vitest';
import { addressName, fullName } from '../../mail/person-name';
import { renderTemplate } from '../../mail/templates';
import { contextFor } from './support';

const links = { unsubscribe: 'https://go.example.com/u/token-123' };

describe('naming and addressing people', () => {
  it('writes East Asian names family name first, without a space, and greets with the full name', () => {
    expect(fullName('超', '吴')).toBe('吴超');
    expect(addressName('超', '吴')).toBe('吴超');
    expect(fullName('さくら', '山田')).toBe('山田さくら');
    expect(addressName('민준', '김')).toBe('김민준');
  });

  it('keeps Western names in their order and greets with the first name', () => {
    expect(fullName('Mia', 'Berg')).toBe('Mia Berg');
    expect(addressName('Mia', 'Berg')).toBe('Mia');
    expect(addressName('', '')).toBe('');
  });

  it('greets a Chinese contact by full name in the subject and both parts', async () => {
    const ctx = contextFor('decision_maker', 'executive');
    const email = await renderTemplate('intro', { ...ctx, contact: { ...ctx.contact, firstName: '超', lastName: '吴' }, links });
    expect(email.subject.startsWith('吴超, ')).toBe(true);
    expect(email.text).toContain('Hello 吴超,');
    expect(email.html).toContain('Hello 吴超,');
  });
});
