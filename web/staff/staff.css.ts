/**
 * What the staff pages add to site.css: wider pages for tables, the staff navigation,
 * data tables, badges, decision forms and the chart. Logical properties only (RTL and LTR
 * share it); nothing conveyed by colour alone; forced-colours aware.
 */
export const staffCss = `
.staff .container{max-inline-size:75rem}
.staff .site-header .header-row{gap:.5rem 1.5rem}
.signed-in{margin:0;font-size:1rem;color:#fff}
.header-form{margin:0}
.link-button{display:inline-block;min-block-size:2.75rem;padding:.5rem 0;border:0;background:none;color:#fff;font:inherit;text-decoration:underline;text-underline-offset:.15em;cursor:pointer}
.link-button:focus-visible{outline:3px solid transparent;background:var(--focus);color:var(--text);box-shadow:0 0 0 2px var(--focus),0 0 0 4px var(--text);text-decoration:none}
.staff-nav{background:var(--panel);border-block-end:1px solid var(--border)}
.staff-nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:0 1.5rem}
.staff-nav a{display:inline-block;min-block-size:2.75rem;padding-block:.5rem;color:var(--text)}
.staff-nav a[aria-current=page]{font-weight:700;text-decoration-thickness:.2em}
.notice{background:var(--panel);border-inline-start:.375rem solid var(--ok);padding:.75rem 1rem;margin-block:0 1.5rem}
.notice p:last-child{margin-block-end:0}
.alert-panel{border:.3rem solid var(--error);padding:1rem;margin-block:0 1.5rem}
.alert-panel p:last-child{margin-block-end:0}
.status-nav ul{list-style:none;margin:0 0 1.5rem;padding:0;display:flex;flex-wrap:wrap;gap:.5rem}
.status-nav a{display:inline-block;min-block-size:2.75rem;padding:.4rem .75rem;border:2px solid var(--link);text-decoration:none}
.status-nav a:visited{color:var(--link)}
.status-nav a[aria-current=page]{background:var(--link);color:#fff;font-weight:700;text-decoration:underline}
.status-nav a[aria-current=page]:focus-visible{color:var(--text)}
.filters{border:1px solid var(--border);padding:1rem;margin-block:0 1.5rem}
.filters legend{font-size:1.25rem}
.filter-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(13rem,100%),1fr));gap:1rem;align-items:end;margin-block-end:1rem}
.filter-grid select{inline-size:100%}
.filter-grid .label{font-size:1rem;margin-block-end:.25rem}
.filter-grid .choice{margin:0;min-block-size:2.75rem;align-items:center}
.form-actions{display:flex;flex-wrap:wrap;align-items:center;gap:1rem}
.table-scroll{position:relative;overflow-x:auto;margin-block:0 1.5rem}
.table-scroll:focus-visible{outline:3px solid var(--text);outline-offset:2px}
.data{border-collapse:collapse;inline-size:100%;font-size:1rem}
.data caption{text-align:start;font-weight:700;font-size:1.25rem;padding-block:.5rem}
.data th,.data td{text-align:start;vertical-align:top;padding:.5rem .6rem;border-block-end:1px solid var(--border)}
.data thead th{border-block-end:2px solid var(--text)}
.data td.number{text-align:end;font-variant-numeric:tabular-nums}
.badge{display:inline-block;padding:0 .4rem;border:2px solid currentColor;font-weight:700;font-size:.9rem;white-space:nowrap}
.badge-urgent{color:var(--error)}
.code-small{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-weight:700;white-space:nowrap}
.meta{display:grid;grid-template-columns:fit-content(40%) minmax(0,1fr);gap:.4rem 1.25rem;margin-block:0 1.5rem}
@media (max-width:30rem){.meta{grid-template-columns:minmax(0,1fr);row-gap:0}.meta dd{margin-block-end:.5rem}}
.meta dt{font-weight:700}
.meta dd{margin:0}
.meta ul{margin:0;padding-inline-start:1.25rem}
.user-text{border:1px solid var(--border);padding:1rem;margin-block:0 1.5rem;overflow-wrap:anywhere}
.user-text p:last-child{margin-block-end:0}
.actions{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(20rem,100%),1fr));gap:1.5rem;margin-block:0 2rem}
.action{border:1px solid var(--border);padding:1rem}
.action .field{margin-block-end:1rem}
.action h3,.legend-heading{margin-block:0 .75rem;font-size:1.25rem}
.action textarea{min-block-size:7rem}
.button.secondary{background:#fff;color:var(--text);border-color:var(--text);box-shadow:0 2px var(--text)}
.button.secondary:hover{background:var(--panel)}
.button.danger{background:var(--error);box-shadow:0 2px #5a110b}
.inline-form{display:inline-block;margin:0 .5rem .5rem 0}
.row-actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}
.row-actions select{inline-size:auto}
.stats-pair{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(20rem,100%),1fr));gap:1.5rem;align-items:start}
.chart{display:block;inline-size:100%;max-inline-size:40rem;block-size:auto}
.chart .bar{fill:var(--link)}
.chart text{fill:var(--text);font-size:14px}
.chart .axis{stroke:var(--text);stroke-width:1}
.pagination ul{list-style:none;margin:0 0 1.5rem;padding:0;display:flex;flex-wrap:wrap;gap:1rem 2rem}
@media (forced-colors:active){
 .chart .bar{fill:CanvasText}
 .chart text{fill:CanvasText}
 .status-nav a[aria-current=page]{border-width:4px}
 .notice,.alert-panel,.action{border:2px solid CanvasText}
 .link-button:focus-visible{outline:3px solid Highlight}
}
@media print{.staff-nav,.header-form,.actions,.filters{display:none}}
`;
