import { describe, expect, it } from 'vitest';
import { classifyHit, defaultMachineRule } from '../../domain/engagement/machine';

const chrome = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const people = [
  chrome,
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)',
  'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)',
  'Mozilla/5.0 (Linux; Android 10; CUBOT X30) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
];
const machines: [string, RegExp][] = [
  ['Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)', /image proxy \(Gmail\)/],
  ['YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html', /image proxy \(Yahoo/],
  ['Mozilla/5.0 (compatible; Barracuda Sentinel)', /Barracuda/],
  ['Proofpoint URL Defense', /Proofpoint/],
  ['Mimecast-URL-Protect/1.0', /Mimecast/],
  ['Symantec Email Security.cloud', /Symantec/],
  ['TrendMicro-Web-Reputation', /Trend Micro/],
  ['Cisco-IronPort-URL-Scanner', /IronPort/],
  ['Forcepoint-Email-Security', /Forcepoint/],
  ['Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)', /Slack/],
  ['facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)', /Facebook/],
  ['LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)', /LinkedIn/],
  ['Twitterbot/1.0', /Twitter/],
  ['WhatsApp/2.23.20.0 A', /WhatsApp/],
  ['Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5', /Skype/],
  ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36', /headless/],
  ['curl/8.5.0', /command-line/],
  ['Wget/1.21.4', /command-line/],
  ['python-requests/2.32.3', /HTTP library/],
  ['Go-http-client/1.1', /HTTP library/],
  ['node', /HTTP library/],
  ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', /bot or crawler/],
  ['Mozilla/5.0 (compatible; Baiduspider/2.0)', /bot or crawler/],
];

const later = { msSinceDelivery: 5 * 60_000 };

describe('machine-made opens and clicks', () => {
  it('takes a browser or mail client, minutes after delivery, for a person', () => {
    for (const userAgent of people) expect(classifyHit({ method: 'GET', userAgent, ...later }), userAgent).toEqual({ machine: false });
  });

  it('knows scanners, gateways, previews, proxies and scripts by their user agent, and says which', () => {
    for (const [userAgent, what] of machines) {
      const verdict = classifyHit({ method: 'GET', userAgent, ...later });
      expect(verdict.machine, userAgent).toBe(true);
      expect(verdict.machine && verdict.reason, userAgent).toMatch(what);
    }
  });

  it('marks HEAD requests and requests without a user agent', () => {
    expect(classifyHit({ method: 'HEAD', userAgent: chrome, ...later })).toEqual({ machine: true, reason: expect.stringMatching(/^HEAD request/) });
    for (const userAgent of [undefined, '', '   ']) {
      expect(classifyHit({ method: 'GET', userAgent, ...later })).toEqual({ machine: true, reason: expect.stringMatching(/^no user agent/) });
    }
  });

  it('marks a browser hit within the window after delivery as a prefetch, and one after it as a person', () => {
    expect(defaultMachineRule.windowMs).toBe(10_000);
    expect(classifyHit({ method: 'GET', userAgent: chrome, msSinceDelivery: 2_400 })).toEqual({
      machine: true,
      reason: '2 s after delivery (faster than 10 s: a prefetch)',
    });
    expect(classifyHit({ method: 'GET', userAgent: chrome, msSinceDelivery: 9_999 }).machine).toBe(true);
    expect(classifyHit({ method: 'GET', userAgent: chrome, msSinceDelivery: 10_000 }).machine).toBe(false);
    // Clocks of two machines disagree a little: a hit "before" delivery is no slower than one right after.
    expect(classifyHit({ method: 'GET', userAgent: chrome, msSinceDelivery: -1_500 }).machine).toBe(true);
    expect(classifyHit({ method: 'GET', userAgent: chrome, msSinceDelivery: undefined })).toEqual({
      machine: true,
      reason: 'before the send was recorded as delivered',
    });
  });

  it('follows the configured window, and a window of 0 turns the timing rule off but not the others', () => {
    const rule = { windowMs: 60_000 };
    expect(classifyHit({ method: 'GET', userAgent: chrome, msSinceDelivery: 30_000 }, rule).machine).toBe(true);
    const off = { windowMs: 0 };
    expect(classifyHit({ method: 'GET', userAgent: chrome, msSinceDelivery: 0 }, off)).toEqual({ machine: false });
    expect(classifyHit({ method: 'GET', userAgent: chrome, msSinceDelivery: undefined }, off)).toEqual({ machine: false });
    expect(classifyHit({ method: 'GET', userAgent: 'curl/8.5.0', msSinceDelivery: 0 }, off).machine).toBe(true);
  });
});
