import { describe, expect, it } from 'vitest';
import { nextLink, parseLinkHeader } from './link-header.js';

describe('parseLinkHeader', () => {
  it('parses the distribution tags pagination link', () => {
    expect(parseLinkHeader('</v2/app/tags/list?last=v1.9&n=1000>; rel="next"')).toEqual([
      { url: '/v2/app/tags/list?last=v1.9&n=1000', rel: ['next'], params: { rel: 'next' } },
    ]);
  });

  it('handles several links, unquoted rel, rel lists and quoted commas', () => {
    const links = parseLinkHeader([
      '<https://r/v2/a/tags/list?last=a,b>; title="x, y"; rel=prev, </v2/a/tags/list?last=z>; rel="last next"',
    ]);
    expect(links.map((l) => [l.url, l.rel])).toEqual([
      ['https://r/v2/a/tags/list?last=a,b', ['prev']],
      ['/v2/a/tags/list?last=z', ['last', 'next']],
    ]);
    expect(links[0]?.params['title']).toBe('x, y');
  });

  it('returns nothing for absent or garbage headers', () => {
    expect(parseLinkHeader(undefined)).toEqual([]);
    expect(parseLinkHeader('garbage; rel=next')).toEqual([]);
    expect(parseLinkHeader('<unterminated; rel=next')).toEqual([]);
  });
});

describe('nextLink', () => {
  it('resolves relative and absolute targets against the response URL', () => {
    const base = 'http://127.0.0.1:5000/v2/app/tags/list?n=1000';
    expect(nextLink('</v2/app/tags/list?last=b&n=1000>; rel="next"', base)).toBe(
      'http://127.0.0.1:5000/v2/app/tags/list?last=b&n=1000',
    );
    expect(nextLink('<https://other/v2/x?last=1>; rel="next"', base)).toBe('https://other/v2/x?last=1');
    expect(nextLink('</v2/app/tags/list?last=b>; rel="prev"', base)).toBeNull();
    expect(nextLink(undefined, base)).toBeNull();
  });
});
