import { describe, expect, it } from 'vitest';
import { REPORT, STOPPED } from '../../test/fixtures/sample-report.js';
import { escapeHtml, renderHtml } from './html.js';

describe('renderHtml', () => {
  const html = renderHtml(REPORT, '0.1.0');

  it('escapes everything the audited site could have written', () => {
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(escapeHtml(`<a href='x'>"&"</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;');
  });

  it('is one self-contained file: no script, no external asset, a CSP that forbids loading any', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|@import|url\(/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
  });

  it('shows failures first with severity and fix, then passes and skips', () => {
    const order = ['cookie-attributes', 'csrf', 'idle-timeout'].map((id) => html.indexOf(`id="${id}"`));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(html).toContain('<span class="badge medium">medium</span>');
    expect(html).toContain('<strong>Fix:</strong> Set Secure.');
    expect(html).not.toContain('Fix:</strong> Check Origin.');
    expect(html).toContain('<b>1</b>failed');
  });

  it('says a stopped run is incomplete, and why', () => {
    expect(html).not.toContain('Incomplete');
    expect(renderHtml(STOPPED, '0.1.0')).toContain(
      '<p class="stopped"><strong>Incomplete:</strong> audit stopped during idle-timeout (unreachable)',
    );
  });
});
