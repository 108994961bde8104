import { describe, expect, it } from 'vitest';
import { addOpenPixel, rewriteHtmlLinks, rewriteTextLinks, type LinkRewriter } from '../../mail/links';

// Wraps every link except Harpoon's own, recording what it was given.
function recorder() {
  const seen: string[] = [];
  const rewrite: LinkRewriter = (url) => {
    seen.push(url);
    return url.startsWith('https://go.example.com/') ? undefined : `https://go.example.com/t/click?u=${encodeURIComponent(url)}`;
  };
  return { seen, rewrite };
}

describe('rewriteHtmlLinks', () => {
  it('rewrites anchors, decoding entities first, and leaves everything else alone', () => {
    const { seen, rewrite } = recorder();
    const html = [
      '<link href="https://fonts.example/css" rel="stylesheet">',
      '<a class="x" href="https://demo.example/a?b=1&amp;c=2">A</a>',
      "<a href='http://demo.example/single'>B</a>",
      '<a href="mailto:sales@demo.example">C</a>',
      '<a href="https://go.example.com/u/token">Unsubscribe</a>',
      '<img src="https://demo.example/logo.png">',
    ].join('\n');
    const out = rewriteHtmlLinks(html, rewrite);
    expect(seen).toEqual(['https://demo.example/a?b=1&c=2', 'http://demo.example/single', 'https://go.example.com/u/token']);
    expect(out).toContain('<a class="x" href="https://go.example.com/t/click?u=https%3A%2F%2Fdemo.example%2Fa%3Fb%3D1%26c%3D2">A</a>');
    expect(out).toContain('<a href="https://go.example.com/t/click?u=http%3A%2F%2Fdemo.example%2Fsingle">B</a>');
    expect(out).toContain('<link href="https://fonts.example/css" rel="stylesheet">');
    expect(out).toContain('<a href="mailto:sales@demo.example">C</a>');
    expect(out).toContain('<a href="https://go.example.com/u/token">Unsubscribe</a>');
    expect(out).toContain('<img src="https://demo.example/logo.png">');
  });

  it('tracks a link whatever the letter case of its markup', () => {
    const { seen, rewrite } = recorder();
    const out = rewriteHtmlLinks('<A HREF="https://demo.example/upper">U</A> <a Href = \'https://demo.example/mixed\'>M</a>', rewrite);
    expect(seen).toEqual(['https://demo.example/upper', 'https://demo.example/mixed']);
    expect(out).toBe(
      '<A HREF="https://go.example.com/t/click?u=https%3A%2F%2Fdemo.example%2Fupper">U</A> <a Href = "https://go.example.com/t/click?u=https%3A%2F%2Fdemo.example%2Fmixed">M</a>',
    );
  });

  it('escapes the replacement for the attribute', () => {
    expect(rewriteHtmlLinks('<a href="https://a.example/">x</a>', () => 'https://b.example/?p=1&q="2"')).toBe(
      '<a href="https://b.example/?p=1&amp;q=&quot;2&quot;">x</a>',
    );
  });
});

describe('rewriteTextLinks', () => {
  it('rewrites bare URLs and keeps the punctuation that follows them', () => {
    const { seen, rewrite } = recorder();
    const out = rewriteTextLinks('See https://demo.example/pricing. Or (http://demo.example/x), and https://go.example.com/u/t!', rewrite);
    expect(seen).toEqual(['https://demo.example/pricing', 'http://demo.example/x', 'https://go.example.com/u/t']);
    expect(out).toBe(
      'See https://go.example.com/t/click?u=https%3A%2F%2Fdemo.example%2Fpricing. Or (https://go.example.com/t/click?u=http%3A%2F%2Fdemo.example%2Fx), and https://go.example.com/u/t!',
    );
  });
});

describe('addOpenPixel', () => {
  it('puts a 1x1 image just before </body>', () => {
    expect(addOpenPixel('<html><body><p>x</p></body></html>', 'https://go.example.com/t/open?t=a&b')).toBe(
      '<html><body><p>x</p><img src="https://go.example.com/t/open?t=a&amp;b" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0" /></body></html>',
    );
  });
});
