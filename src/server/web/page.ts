/**
 * The web page (`GET /`): static HTML with one inline style block; the behaviour comes from
 * `/app.js` (see app-script.ts). Nothing in it depends on the configuration or on a request, so
 * it never holds a token or any other secret. Colour is never the only signal: every status and
 * change carries a symbol and a word.
 */

/** The inline style block; the Content-Security-Policy allows exactly this text by its hash. */
export const WEB_STYLE = `
:root{color-scheme:light dark;--fg:#1b1f24;--muted:#57606a;--bg:#fff;--panel:#f6f8fa;--line:#d0d7de;
--create:#1a7f37;--update:#9a6700;--delete:#cf222e;--accent:#0969da}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--panel:#161b22;
--line:#30363d;--create:#3fb950;--update:#d29922;--delete:#f85149;--accent:#4493f8}}
[hidden]{display:none!important}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
header,main,footer{max-width:78rem;margin:0 auto;padding:0 1rem}
header{display:flex;flex-wrap:wrap;align-items:baseline;gap:.5rem 1rem;padding-top:1rem;border-bottom:1px solid var(--line)}
header h1{margin:0 auto 0 0;font-size:1.5rem}
h2{font-size:1.2rem;margin:1.6rem 0 .6rem}
h3{font-size:1.05rem;margin:1.2rem 0 .4rem}
a{color:var(--accent)}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.skip{position:absolute;left:-999px}
.skip:focus{left:1rem;top:.5rem;background:var(--bg);padding:.3rem .6rem;z-index:1}
button{font:inherit;padding:.35rem .9rem;border:1px solid var(--line);border-radius:6px;background:var(--panel);color:var(--fg);cursor:pointer}
button.primary{background:var(--create);border-color:var(--create);color:#fff;font-weight:600}
button:disabled{opacity:.55;cursor:not-allowed}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
input[type=password]{font:inherit;padding:.35rem .5rem;min-width:22rem;max-width:100%;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--fg)}
label{font-weight:600}
form.inline{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.muted{color:var(--muted)}
.panel{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:.6rem 1rem;margin:.6rem 0}
.notice{padding:.5rem .8rem;border-left:4px solid var(--accent);background:var(--panel);margin:.6rem 0}
.notice.bad{border-color:var(--delete)}.notice.warn{border-color:var(--update)}.notice.good{border-color:var(--create)}
.notice:empty{display:none}
table{border-collapse:collapse;width:100%;margin:.4rem 0 .8rem;font-size:.93rem}
caption{text-align:left;font-weight:600;padding:.2rem 0}
th,td{text-align:left;vertical-align:top;border-bottom:1px solid var(--line);padding:.3rem .5rem}
th{background:var(--panel)}
td.key,code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.88rem;overflow-wrap:anywhere}
ul.fields{margin:0;padding-left:1rem}
span.op-create{color:var(--create)}span.op-update{color:var(--update)}span.op-delete{color:var(--delete)}
[tabindex="-1"]:focus{outline:none}
tr.op-create td:first-child{border-left:4px solid var(--create)}
tr.op-update td:first-child{border-left:4px solid var(--update)}
tr.op-delete td:first-child{border-left:4px solid var(--delete)}
.st-ok,.st-applied{color:var(--create)}.st-refused,.st-partial,.st-stale{color:var(--update)}.st-error{color:var(--delete)}
.forced{font-weight:700;color:var(--delete)}
del{color:var(--delete)}ins{color:var(--create);text-decoration:none}
.approve{display:flex;flex-wrap:wrap;gap:.6rem 1.2rem;align-items:center}
footer{margin-top:2rem;padding:1rem;border-top:1px solid var(--line);font-size:.9rem}
`;

/** The page; `/app.js` fills `#app` once an API token is in session storage. */
export const WEB_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>nbsync</title>
<style>${WEB_STYLE}</style>
<script src="/app.js" defer></script>
</head>
<body>
<a class="skip" href="#plan-heading">Skip to the pending plan</a>
<header>
<h1>nbsync</h1>
<p id="instance" class="muted"></p>
<button type="button" id="refresh" hidden>Refresh</button>
<button type="button" id="forget" hidden>Forget token</button>
</header>
<main>
<noscript><p class="notice bad">This page needs JavaScript. The API is described at <a href="/docs">/docs</a>.</p></noscript>
<p id="message" class="notice" role="status" aria-live="polite"></p>
<p id="alert" class="notice bad" role="alert"></p>
<section id="login" aria-labelledby="login-heading" hidden>
<h2 id="login-heading">API token</h2>
<p>Enter one of the tokens in <code>server.apiTokens</code>. It stays in this browser tab only
(session storage) and is sent only in the <code>Authorization</code> header.</p>
<form id="login-form" class="inline" novalidate>
<label for="token">API token</label>
<input id="token" type="password" autocomplete="off" spellcheck="false" aria-describedby="login-error">
<button type="submit">Use token</button>
</form>
<p id="login-error" class="notice bad"></p>
</section>
<div id="app" hidden>
<section aria-labelledby="status-heading">
<h2 id="status-heading">Sinks</h2>
<div id="status"></div>
</section>
<section aria-labelledby="plan-heading">
<h2 id="plan-heading" tabindex="-1">Pending plan</h2>
<div id="plan"></div>
<form id="approve-form" class="panel" novalidate hidden>
<div class="approve">
<button type="submit" id="approve" class="primary">Approve</button>
<span id="approve-note" class="muted"></span>
<span id="force-row" hidden>
<input type="checkbox" id="force" aria-describedby="force-note">
<label for="force">Force</label>
<span id="force-note" class="muted">apply refused sinks and forced changes too (asks to confirm)</span>
</span>
</div>
</form>
<div id="result" tabindex="-1"></div>
</section>
<section aria-labelledby="runs-heading">
<h2 id="runs-heading">Recent runs</h2>
<div id="runs"></div>
</section>
</div>
</main>
<footer class="muted"><a href="/docs">API description</a> · <a href="/healthz">health</a> · <a href="/metrics">metrics</a></footer>
</body>
</html>
`;
