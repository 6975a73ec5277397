/**
 * Brief pages (issue 16): the list, the quote slots and, above all, print. Printed (or
 * saved as PDF from the browser), a brief is a clean A4 in the page's own direction: the
 * staff header, navigation, forms and footer are left out, tables keep their headings on
 * every page, and a topic's heading never ends a page. Logical properties only.
 */
export const briefsCss = `
.brief-list{list-style:none;margin:0;padding:0}
.brief-list li{border-block-end:1px solid var(--border);padding-block:.75rem}
.brief-list h2{margin-block:0 .25rem;font-size:1.25rem}
.brief-meta,.brief-state{color:var(--text)}
.brief-quote{margin-block:0 1rem;margin-inline:0;padding-block:.25rem;padding-inline:1rem 0;border-inline-start:.375rem solid var(--border)}
.brief-quote p{margin:0;font-style:italic}
.quote-slot{border:1px solid var(--border);padding:1rem;margin-block:0 1.5rem}
.quote-slot legend{font-size:1.25rem;font-weight:700}
.quote-slot select{inline-size:100%}
@page{size:A4;margin:18mm 16mm}
@media print{
  html,body{background:#fff;color:#000}
  body{font-size:11pt;line-height:1.45}
  .skip-link,.site-header,.staff-nav,.site-footer,.no-print,.notice,form,.error-summary{display:none !important}
  main.container{max-inline-size:none;padding:0;margin:0}
  .brief h1{font-size:20pt;margin-block:0 6pt}
  .brief h2{font-size:15pt;margin-block:14pt 6pt;break-after:avoid;page-break-after:avoid}
  .brief h3{font-size:12pt;break-after:avoid;page-break-after:avoid}
  .table-scroll{overflow:visible}
  .data{font-size:10pt}
  .data thead{display:table-header-group}
  .data tr,.brief-quote{break-inside:avoid;page-break-inside:avoid}
  .data caption{font-size:12pt}
  .hint{color:#000}
}
`;
