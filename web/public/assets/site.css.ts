/**
 * The one stylesheet. Logical properties only (RTL and LTR share it), system fonts only,
 * visible focus, targets of at least 24 px, reflows at 320 px, and forced-colours aware.
 * Colours meet WCAG AAA (7:1 for all text) on white and on the panel grey; focus meets
 * WCAG 2.4.13 (a dark ring at least 2 px thick outside the control); tests/browser checks
 * the Arabic text too.
 */
export const siteCss = `
:root{--text:#0b0c0c;--muted:#484949;--link:#1a4f8b;--link-visited:#4c2c92;--focus:#ffdd00;--error:#9b1c13;--ok:#005a30;--border:#6f777b;--panel:#f3f2f1;color-scheme:light}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#fff;color:var(--text);font-family:system-ui,-apple-system,"Segoe UI","Noto Sans Arabic","Noto Sans",Tahoma,Arial,sans-serif;font-size:1.1875rem;line-height:1.6;overflow-wrap:break-word}
[lang=ar]{line-height:1.8}
[lang=ar] ol{list-style-type:arabic-indic}
.container{max-inline-size:44rem;margin-inline:auto;padding-inline:1rem}
main{display:block;padding-block:1.5rem 3rem}
main:focus{outline:none}
h1{font-size:2rem;line-height:1.25;margin-block:0 1rem}
h2{font-size:1.5rem;line-height:1.3;margin-block:2rem 1rem}
p,ul,ol,dl{margin-block:0 1rem}
a{color:var(--link);text-decoration-thickness:max(1px,.0625rem);text-underline-offset:.15em}
a:visited{color:var(--link-visited)}
a:hover{text-decoration-thickness:.15em}
a:focus-visible,summary:focus-visible{outline:3px solid transparent;background-color:var(--focus);box-shadow:0 0 0 2px var(--focus),0 0 0 4px var(--text);color:var(--text);text-decoration:none}
input:focus-visible,textarea:focus-visible,select:focus-visible{background-color:#fff;box-shadow:inset 0 0 0 2px var(--text),0 0 0 6px var(--text);outline:3px solid var(--focus);outline-offset:0}
input[type=radio]:focus-visible,input[type=checkbox]:focus-visible{outline:3px solid var(--text);outline-offset:3px;box-shadow:0 0 0 7px var(--focus)}
.button:focus-visible{background:var(--focus);color:var(--text);box-shadow:0 2px var(--text)}
.visually-hidden{position:absolute!important;inline-size:1px!important;block-size:1px!important;margin:0!important;padding:0!important;overflow:hidden!important;clip:rect(0,0,0,0)!important;white-space:nowrap!important;border:0!important}
.skip-link{position:absolute;inset-inline-start:-999rem;padding:.5rem 1rem}
.skip-link:focus{position:static;display:block;inset-inline-start:auto}
.site-header{border-block-end:.5rem solid var(--link);background:#0b0c0c;color:#fff}
.header-row{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.25rem;padding-block:.5rem}
.site-name{margin:0;margin-inline-end:auto;font-weight:700;font-size:1.5rem}
.site-header a{color:#fff;display:inline-block;min-block-size:2.75rem;padding-block:.5rem}
.site-header a:focus-visible{color:var(--text)}
.exit-link{background:var(--error);border-radius:.25rem;padding-inline:.75rem;font-weight:700;text-decoration:none}
.lead{font-size:1.3rem}
.panel{background:var(--panel);border-inline-start:.375rem solid var(--border);padding:1rem;margin-block:0 1.5rem}
.panel h2{margin-block-start:0;font-size:1.25rem}
.panel p:last-child{margin-block-end:0}
details>summary{cursor:pointer;color:var(--link);text-decoration:underline;min-block-size:1.5rem}
details[open]>summary{margin-block-end:.5rem}
.field{margin-block:0 2rem}
.field-error{border-inline-start:.3rem solid var(--error);padding-inline-start:1rem}
fieldset{border:0;margin:0;padding:0;min-inline-size:0}
legend,.label{display:block;font-weight:700;font-size:1.25rem;margin-block-end:.5rem;padding:0;max-inline-size:100%;white-space:normal}
.optional{font-weight:400}
.hint{color:var(--muted);margin-block:0 .75rem}
.group-heading{font-weight:700;margin-block:1rem .5rem}
.choice{display:flex;align-items:flex-start;gap:.6rem;margin-block:0 .5rem}
.choice input{flex:none;inline-size:1.6rem;block-size:1.6rem;margin:.15rem 0 0;accent-color:var(--text)}
.choice label{flex:1;min-block-size:1.6rem;padding-block:.1rem;cursor:pointer}
input[type=text],input[type=email],textarea,select{display:block;inline-size:100%;max-inline-size:100%;min-block-size:2.75rem;padding:.4rem .5rem;font:inherit;color:inherit;background:#fff;border:2px solid var(--text);border-radius:0}
select{inline-size:auto;max-inline-size:100%}
textarea{resize:vertical;min-block-size:10rem}
textarea:not([dir]),input[type=text]:not([dir]){unicode-bidi:plaintext}
[aria-invalid=true]:is(input[type=text],input[type=email],textarea,select){border-color:var(--error);border-width:3px}
.error-message{color:var(--error);font-weight:700;margin-block:0 .5rem}
.count-status{margin-block:.5rem 0;color:var(--muted)}
.count-status.over{color:var(--error);font-weight:700}
.button{display:inline-block;min-block-size:2.75rem;padding:.5rem 1.25rem;border:2px solid transparent;border-radius:0;background:var(--ok);color:#fff;font:inherit;font-weight:700;cursor:pointer;box-shadow:0 2px #002d18}
.button:hover{background:#003d20}
.error-summary{border:.3rem solid var(--error);padding:1rem;margin-block:0 2rem}
.error-summary:focus{outline:3px solid var(--focus);outline-offset:0;box-shadow:0 0 0 6px var(--text)}
.error-summary h2{margin-block-start:0}
.error-summary ul{list-style:none;padding:0;margin:0}
.error-summary li{margin-block:0 .5rem}
.error-summary a{color:var(--error);font-weight:700}
.error-summary a:focus-visible{color:var(--text)}
.confirmation{background:var(--ok);color:#fff;padding:1.5rem 1rem;margin-block:0 1.5rem;text-align:center}
.confirmation h1{margin-block-end:1rem}
.codes{margin:0}
.codes dt{font-size:1.2rem}
.codes dd{margin:0 0 .75rem;container-type:inline-size}
.code{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:min(1.6rem,7cqi);font-weight:700;letter-spacing:.08em;white-space:nowrap}
.warning{border-inline-start:.375rem solid var(--text);padding-inline-start:1rem}
.steps{padding-inline-start:1.5rem}
.site-footer{border-block-start:1px solid var(--border);padding-block:1rem;color:var(--muted);font-size:1rem}
input[type=text].code-input{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;letter-spacing:.05em;max-inline-size:24rem}
.code-inline{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-weight:700;white-space:nowrap}
.timeline{list-style:none;padding:0;margin-block:0 1.5rem;border-inline-start:.25rem solid var(--border)}
.timeline li{padding-inline-start:1rem;margin-block:0 1rem}
.timeline-step{display:block;font-weight:700}
.timeline-date{display:block;color:var(--muted)}
.reply{border-inline-start:.375rem solid var(--ok);padding-inline-start:1rem}
.reply p,.note-text{white-space:pre-line}
.link-list,.footer-links{list-style:none;padding:0}
.link-list li,.footer-links li{margin-block:0 .5rem}
.link-list a,.footer-links a{display:inline-block;min-block-size:1.5rem}
.facts dt{font-weight:700}
.facts dd{margin:0 0 .5rem}
.outcome,.note-list>li{border-block-start:1px solid var(--border);padding-block-start:1rem;margin-block-end:2rem}
.outcome h2,.note-list h2{margin-block-start:0}
.note-list{padding:0;list-style:none}
.easy-read li{margin-block:0 .5rem}
.status-help{margin-block-start:2rem}
.choices-inline{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem}
.table-scroll{overflow-x:auto;margin-block:0 1.5rem}
.table-scroll:focus-visible{outline:3px solid var(--text);outline-offset:2px}
.results{border-collapse:collapse;inline-size:100%}
.results caption{text-align:start;font-weight:700;padding-block:.5rem}
.results th,.results td{border-block-end:1px solid var(--border);padding:.4rem .5rem;text-align:start;vertical-align:top}
.participant-codes{font-family:ui-monospace,monospace;font-size:1.25rem}
input[type=number],input[type=date]{font:inherit;min-block-size:2.75rem;padding:.4rem .5rem;border:2px solid var(--text)}
@media (forced-colors:active){
 .exit-link,.button,.error-summary,.confirmation,.panel{border:2px solid CanvasText}
 :focus-visible{outline:3px solid Highlight;outline-offset:2px}
 .choice input{accent-color:auto}
 .error-message>.visually-hidden{position:static!important;inline-size:auto!important;block-size:auto!important;overflow:visible!important;clip:auto!important;white-space:normal!important}
}
@media (prefers-reduced-motion:reduce){*{scroll-behavior:auto!important}}
@media print{.site-header,.exit-link,.skip-link{display:none}}
`;
