import type { IssuedSlip } from '../../domain/prepare/issue-slips';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/**
 * The printable sign-in slips (签到单): one A4 block per person, Chinese first, English beneath.
 * No script and no inline style (the CSP allows neither); layout comes from /kiosk/print.css
 * when the kiosk serves it, and plain HTML reads correctly without it.
 */
export function slipPage(meeting: { title: string; date: string }, slips: IssuedSlip[], tabletUrl: string): string {
  const title = escapeHtml(meeting.title);
  const date = escapeHtml(meeting.date);
  const url = escapeHtml(tabletUrl);
  const blocks = slips
    .map(
      (s) => `<section class="slip">
<h2>${title}</h2>
<p class="date">会议日期 ${date}<br><small>Meeting date</small></p>
<p class="name"><strong>${escapeHtml(s.name)}</strong> ${escapeHtml(s.unit)} ${escapeHtml(s.title)}</p>
<p class="class">${s.class === 'A' ? 'A 类（表决）<br><small>Class A: voting member</small>' : 'B 类（列席）<br><small>Class B: observer</small>'}</p>
<p class="code-label">签到码<br><small>Sign-in code</small></p>
<h1 class="code"><code>${escapeHtml(s.code)}</code></h1>
<p class="url">请在表决平板上打开 ${url} 并输入签到码。此码仅可使用一次。<br><small>Open ${url} on the voting tablet and enter the code. It works once.</small></p>
</section>
<hr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>签到码 Sign-in slips — ${title}</title>
<link rel="stylesheet" href="/kiosk/print.css">
</head>
<body>
${blocks || '<p>没有需要打印的签到码。<br><small>No slips to print: everyone already has one.</small></p>'}
</body>
</html>`;
}
