import type { IssuedSlip } from '../../domain/prepare/issue-slips';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/** "2026年3月2日": slips are read by members on paper, in Chinese. */
function chineseDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : iso;
}

/**
 * The printable sign-in slips (签到单): one block per person, in Chinese (issue 17: the slips
 * go to county officials; the tablet itself offers English where configured). No script and no
 * inline style (the CSP allows neither); layout comes from /kiosk/print.css when the kiosk
 * serves it, and plain HTML reads correctly without it.
 */
export function slipPage(meeting: { title: string; date: string }, slips: IssuedSlip[], tabletUrl: string): string {
  const title = escapeHtml(meeting.title);
  const date = escapeHtml(chineseDate(meeting.date));
  const url = escapeHtml(tabletUrl);
  const blocks = slips
    .map(
      (s) => `<section class="slip">
<h2>${title}</h2>
<p class="date">会议日期:${date}</p>
<p class="name"><strong>${escapeHtml(s.name)}</strong> ${escapeHtml(s.unit)} ${escapeHtml(s.title)}</p>
<p class="class">${s.class === 'A' ? 'A 类（表决）' : 'B 类（列席）'}</p>
<p class="code-label">签到码</p>
<h1 class="code"><code>${escapeHtml(s.code)}</code></h1>
<p class="url">请在表决平板上打开 <code>${url}</code> 并输入签到码。此码仅可使用一次,请勿转交他人。</p>
</section>
<hr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>签到单 — ${title}</title>
<link rel="stylesheet" href="/kiosk/print.css">
</head>
<body>
<main>
${blocks || '<p>没有需要打印的签到码:每人都已领取。</p>'}
</main>
</body>
</html>`;
}
