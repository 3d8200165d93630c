/**
 * The `--html report.html` report: one self-contained file (inline CSS, no script, no external
 * asset, so it opens offline and from a CI artifact store) that a person reads top to bottom:
 * the verdict, then failures first with their severity, evidence, standards and fix, then passes
 * and skips. Every value from the site is HTML-escaped: evidence quotes what the audited site
 * sent, and that site is not trusted.
 *
 * @module
 */
import type { AuditReport } from '../audit.js';
import type { CheckResult } from '../checks/index.js';
import { stopLine, summaryLine } from './table.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escape text for HTML content and quoted attribute values (OWASP XSS Prevention Cheat Sheet, rule 1). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

const ORDER: Record<CheckResult['status'], number> = { fail: 0, pass: 1, skip: 2 };
const RANK = { high: 0, medium: 1, low: 2 } as const;

const STYLE = `
:root { color-scheme: light; --fail: #b3261e; --pass: #1b6e3a; --skip: #5f6368; --high: #b3261e; --medium: #b86200; --low: #8a6d00; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f1f1f; background: #f6f7f9; }
main { max-width: 960px; margin: 0 auto; padding: 32px 24px 48px; }
h1 { font-size: 22px; margin: 0 0 4px; }
.meta { color: #5f6368; margin: 0 0 20px; overflow-wrap: anywhere; }
.verdict { display: flex; gap: 12px; flex-wrap: wrap; margin: 0 0 24px; }
.count { background: #fff; border: 1px solid #dadce0; border-radius: 8px; padding: 10px 16px; min-width: 120px; }
.count b { display: block; font-size: 24px; }
.count.fail b { color: var(--fail); } .count.pass b { color: var(--pass); } .count.skip b { color: var(--skip); }
article { background: #fff; border: 1px solid #dadce0; border-left: 6px solid var(--skip); border-radius: 8px; padding: 14px 18px; margin: 0 0 12px; }
article.fail { border-left-color: var(--fail); } article.pass { border-left-color: var(--pass); }
header { display: flex; align-items: baseline; gap: 10px; flex-wrap: wrap; }
h2 { font-size: 16px; margin: 0; }
code { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.badge { font: 600 12px/1 system-ui, sans-serif; text-transform: uppercase; letter-spacing: .04em; padding: 4px 8px; border-radius: 4px; color: #fff; background: var(--skip); }
.badge.fail { background: var(--fail); } .badge.pass { background: var(--pass); }
.badge.high { background: var(--high); } .badge.medium { background: var(--medium); } .badge.low { background: var(--low); }
.standards { color: #5f6368; font-size: 13px; }
.evidence { margin: 8px 0 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.fix { margin: 8px 0 0; padding: 8px 12px; background: #fdf3f2; border-radius: 6px; }
.stopped { margin: 0 0 24px; padding: 10px 16px; background: #fdf3f2; border: 1px solid var(--fail); border-radius: 8px; }
footer { color: #5f6368; font-size: 13px; margin-top: 24px; }
`;

function card(check: CheckResult): string {
  const severity =
    check.severity === null ? '' : ` <span class="badge ${check.severity}">${check.severity}</span>`;
  const standards = [...check.wstg, ...check.asvs.map((id) => `ASVS ${id}`)].map(escapeHtml).join(' · ');
  const fix =
    check.status === 'fail' ? `<p class="fix"><strong>Fix:</strong> ${escapeHtml(check.fix)}</p>` : '';
  return `<article class="${check.status}" id="${escapeHtml(check.id)}">
<header><span class="badge ${check.status}">${check.status}</span>${severity} <h2>${escapeHtml(check.title)}</h2> <code>${escapeHtml(check.id)}</code> <span class="standards">${standards}</span></header>
<p class="evidence">${escapeHtml(check.evidence)}</p>${fix}
</article>`;
}

/**
 * Render the report as one HTML document.
 *
 * @example
 * await writeFile('report.html', renderHtml(report, '0.1.0'));
 */
export function renderHtml(report: AuditReport, toolVersion: string): string {
  const count = (status: CheckResult['status']): number =>
    report.checks.filter((c) => c.status === status).length;
  const sorted = [...report.checks].sort(
    (a, b) =>
      ORDER[a.status] - ORDER[b.status] ||
      (a.severity === null || b.severity === null ? 0 : RANK[a.severity] - RANK[b.severity]),
  );
  const target = escapeHtml(report.target);
  const stop = stopLine(report);
  const stopped =
    stop === null ? '' : `<p class="stopped"><strong>Incomplete:</strong> ${escapeHtml(stop)}</p>\n`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Session audit of ${target}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>Session audit of <code>${target}</code></h1>
<p class="meta">Started ${escapeHtml(report.startedAt)} · ${escapeHtml(summaryLine(report))} · OWASP WSTG-SESS, ASVS 5.0</p>
<section class="verdict">
<div class="count fail"><b>${count('fail')}</b>failed</div>
<div class="count pass"><b>${count('pass')}</b>passed</div>
<div class="count skip"><b>${count('skip')}</b>skipped</div>
</section>
${stopped}${sorted.map(card).join('\n')}
<footer>sesame-session-audit ${escapeHtml(toolVersion)}: a black-box audit; a pass is what a black box can see, not a proof.</footer>
</main>
</body>
</html>
`;
}
